//! A few line icons as inline SVG: built with createElementNS like any other
//! element, so they need no image requests and pass a strict CSP.

use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Check,
    Shield,
    Return,
    Truck,
    Globe,
    Refund,
    Prev,
    Next,
    Pause,
    Play,
    Close,
    Lock,
    Building,
    Chat,
    External,
    Info,
}

impl Icon {
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Check => &["M20 6 9 17l-5-5"],
            Icon::Shield => &[
                "M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z",
                "m9 12 2 2 4-4",
            ],
            Icon::Return => &["M3 2v6h6", "M3 13a9 9 0 1 0 3-7.7L3 8"],
            Icon::Truck => &[
                "M1 4h14v12H1z",
                "M15 8h4l3 3v5h-7z",
                "M5.5 21a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
                "M18.5 21a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
            ],
            Icon::Globe => &[
                "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z",
                "M2 12h20",
                "M12 2a15 15 0 0 1 4 10 15 15 0 0 1-4 10 15 15 0 0 1-4-10 15 15 0 0 1 4-10z",
            ],
            Icon::Refund => &["M2 5h20v14H2z", "M2 10h20", "M6 15h4"],
            Icon::Prev => &["m15 18-6-6 6-6"],
            Icon::Next => &["m9 18 6-6-6-6"],
            Icon::Pause => &["M7 4v16", "M17 4v16"],
            Icon::Play => &["m6 3 14 9-14 9z"],
            Icon::Close => &["M18 6 6 18", "m6 6 12 12"],
            Icon::Lock => &["M5 11h14v10H5z", "M8 11V7a4 4 0 0 1 8 0v4"],
            Icon::Building => &[
                "M3 21h18",
                "M5 21V7l8-4v18",
                "M19 21V11l-6-4",
                "M9 9h.01M9 13h.01M9 17h.01",
            ],
            Icon::Chat => &["M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"],
            Icon::External => &[
                "M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6",
                "M15 3h6v6",
                "M10 14 21 3",
            ],
            Icon::Info => &[
                "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z",
                "M12 16v-4",
                "M12 8h.01",
            ],
        }
    }

    /// Icons that point somewhere mirror in right-to-left text.
    fn directional(self) -> bool {
        matches!(self, Icon::Prev | Icon::Next | Icon::Return | Icon::Truck)
    }
}

/// The icon, hidden from assistive technology (the text beside it says it).
pub fn icon(which: Icon) -> Html {
    let class = classes!("tw-icon", which.directional().then_some("tw-icon-flip"));
    html! {
        <svg {class} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            { for which.paths().iter().map(|d| html! { <path d={*d} /> }) }
        </svg>
    }
}
