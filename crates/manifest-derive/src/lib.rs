//! `#[derive(FromJson)]` for trust-manifest's model structs.
//!
//! It reads the same `#[serde(...)]` attributes the serde derives use, so one set
//! of attributes describes the format: `rename = "..."`, `default` and
//! `default = "path"`. Other serde attributes (serialisation only) are ignored.
//! A missing `Option` field is `None`, as with serde.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr, Type};

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
    let mut inits = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().expect("named field");
        let mut key = ident.to_string();
        let mut default = Default::None;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    key = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("default") {
                    default = if meta.input.peek(syn::Token![=]) {
                        Default::Path(meta.value()?.parse::<LitStr>()?.parse()?)
                    } else {
                        Default::Trait
                    };
                } else if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
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

fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}
