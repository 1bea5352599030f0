//! `#[derive(FromJson)]` for trust-manifest's model structs.
//!
//! It reads the same `#[serde(...)]` attributes the serde derives use, so one set
//! of attributes describes the format: `rename = "..."`, `default` and
//! `default = "path"`. A missing `Option` field is `None`, as with serde.
//! Attributes that only shape serialisation (`skip_serializing_if`,
//! `skip_serializing`, `serialize_with`) do not change what is read and are
//! accepted. Every other serde attribute (`alias`, `flatten`, `rename_all`,
//! `deserialize_with`, `deny_unknown_fields`, …) is a compile error: ignoring it
//! would let serde (the CLI's output and the JSON Schema) and this decoder (the
//! widget) disagree about the format without anyone noticing.

use proc_macro::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, LitStr, Type};

#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

enum Default {
    None,
    Trait,
    Path(syn::Path),
}

/// Field attributes that only shape serialisation: reading is the same with or
/// without them.
const SERIALISATION_ONLY: &[&str] = &["skip_serializing_if", "skip_serializing", "serialize_with"];

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            input,
            "FromJson derives only for structs",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(
            input,
            "FromJson needs named fields",
        ));
    };
    // Every container attribute changes how a struct is read (`rename_all`,
    // `deny_unknown_fields`, `from`, …): none is implemented.
    for attr in serde_attrs(&input.attrs) {
        attr.parse_nested_meta(|meta| Err(unsupported(&meta, "on a struct")))?;
    }
    let mut inits = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().expect("named field");
        let mut key = ident.to_string();
        let mut default = Default::None;
        for attr in serde_attrs(&field.attrs) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    if !meta.input.peek(syn::Token![=]) {
                        return Err(meta.error(
                            "FromJson implements only `rename = \"...\"`, not separate \
                             serialize and deserialize names",
                        ));
                    }
                    key = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("default") {
                    default = if meta.input.peek(syn::Token![=]) {
                        Default::Path(meta.value()?.parse::<LitStr>()?.parse()?)
                    } else {
                        Default::Trait
                    };
                } else if SERIALISATION_ONLY.iter().any(|n| meta.path.is_ident(n)) {
                    if meta.input.peek(syn::Token![=]) {
                        let _: syn::Expr = meta.value()?.parse()?;
                    }
                } else {
                    return Err(unsupported(&meta, "on a field"));
                }
                Ok(())
            })?;
        }
        let init = match default {
            Default::Trait => quote! { o.or(#key, ::core::default::Default::default)? },
            Default::Path(path) => quote! { o.or(#key, #path)? },
            Default::None if is_option(&field.ty) => quote! { o.or(#key, || None)? },
            Default::None => quote! { o.req(#key)? },
        };
        inits.push(quote! { #ident: #init });
    }
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics crate::json::FromJson for #name #ty_generics #where_clause {
            fn from_json(v: &crate::json::Json) -> ::core::result::Result<Self, crate::json::JsonError> {
                let o = v.object()?;
                ::core::result::Result::Ok(#name { #(#inits),* })
            }
        }
    })
}

fn serde_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("serde"))
}

/// The error for a serde attribute this derive does not implement, at the attribute.
fn unsupported(meta: &ParseNestedMeta<'_>, place: &str) -> syn::Error {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| String::from("this attribute"), |i| i.to_string());
    meta.error(format!(
        "FromJson does not implement `#[serde({name})]` {place}: serde and the widget's \
         decoder would read this type differently. Implement it in crates/manifest-derive \
         or leave it out (FromJson reads rename = \"...\" and default)"
    ))
}

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}
