use alloc::string::String;
use alloc::vec::Vec;

use super::*;

model! {
    /// Facts about the company behind the brand.
    #[derive(Default)]
    pub struct Company {
        /// Where orders ship from.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub ship_from: Vec<Location>,
        /// How shoppers reach support.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub support: Vec<SupportChannel>,
        /// Typical time to a first answer, in hours.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub response_time_hours: Option<u32>,
    }

    /// A place, at country precision or finer.
    pub struct Location {
        /// ISO 3166-1 alpha-2.
        pub country: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub city: Option<String>,
        /// What happens there, e.g. "warehouse", "factory".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub role: Option<String>,
    }

    /// One support channel.
    pub struct SupportChannel {
        pub kind: ChannelKind,
        /// Address, number or handle (an https URL for `chat`).
        pub address: String,
        /// BCP 47 languages spoken on this channel.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub languages: Vec<String>,
        /// Opening hours; empty means not stated.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub hours: Vec<OpeningHours>,
        /// IANA time zone of the hours, e.g. `Asia/Tokyo`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timezone: Option<String>,
    }

    /// Opening hours on some days, after schema.org `OpeningHoursSpecification`.
    pub struct OpeningHours {
        /// Days as two-letter codes: Mo Tu We Th Fr Sa Su.
        pub days: Vec<String>,
        /// `HH:MM`.
        pub opens: String,
        /// `HH:MM`.
        pub closes: String,
    }
}

vocabulary! {
    /// A kind of support channel.
    pub enum ChannelKind {
        Email = "email",
        Phone = "phone",
        WhatsApp = "whatsapp",
        Line = "line",
        KakaoTalk = "kakaotalk",
        WeChat = "wechat",
        Chat = "chat",
    }
}
