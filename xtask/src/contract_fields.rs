//! Reading the options table's TOML by hand (xtask has no serde derive): each
//! table's fields by name and type, refusing a field or a value it does not know,
//! with the place in every message.

use anyhow::{bail, Context, Result};

use crate::contract_table::{Liquid, Opt, SetBy, Type, Value};

impl Opt {
    pub fn read((t, at): &(&toml::Table, String)) -> Result<Opt> {
        let f = Fields::new(t, at);
        let key = f.string("key")?;
        let values = f
            .tables("values")?
            .iter()
            .map(|(v, at)| Value::read(v, at))
            .collect::<Result<_>>()?;
        let read = Opt {
            ty: f.choice("type", Type::NAMES)?,
            required: f.flag("required")?.unwrap_or(false),
            element: f.flag("element")?.unwrap_or(true),
            set_by: f.choice("set_by", SetBy::NAMES)?,
            yew: f.optional("yew")?,
            yew_note: f.optional("yew_note")?,
            render: f.optional("render")?,
            liquid: f.optional("liquid")?,
            default: f.optional("default")?,
            default_note: f.optional("default_note")?,
            values,
            min: f.number("min")?,
            max: f.number("max")?,
            meaning: f.string("meaning")?,
            key,
        };
        f.done()?;
        Ok(read)
    }
}

impl Value {
    pub fn read(t: &toml::Table, at: &str) -> Result<Value> {
        let f = Fields::new(t, at);
        let read = Value {
            name: f.string("name")?,
            rust: f.string("rust")?,
            doc: f.optional("doc")?,
            note: f.optional("note")?,
            shopify_block: f.optional("shopify_block")?,
            available_if: f.optional("available_if")?,
        };
        f.done()?;
        Ok(read)
    }
}

impl Liquid {
    pub fn read((t, at): &(&toml::Table, String)) -> Result<Liquid> {
        let f = Fields::new(t, at);
        let read = Liquid {
            block: f.string("block")?,
            id: f.string("id")?,
            option: f.optional("option")?,
            ty: f.string("type")?,
            strings: f.string("strings")?,
            inherit: f.flag("inherit")?.unwrap_or(false),
            placeholder: f.optional("placeholder")?,
            default: f.optional("default")?,
            header: f.optional("header")?,
            meaning: f.optional("meaning")?,
        };
        f.done()?;
        Ok(read)
    }
}

impl Type {
    const NAMES: &[(&str, Type)] = &[
        ("url", Type::Url),
        ("key", Type::Key),
        ("keys-and-urls", Type::KeysAndUrls),
        ("enum", Type::Enum),
        ("country", Type::Country),
        ("language", Type::Language),
        ("text", Type::Text),
        ("flag", Type::Flag),
        ("milliseconds", Type::Milliseconds),
    ];
}

impl SetBy {
    const NAMES: &[(&str, SetBy)] = &[
        ("anyone", SetBy::Anyone),
        ("manifest-origin", SetBy::ManifestOrigin),
        ("allowed-key", SetBy::AllowedKey),
        ("same", SetBy::Same),
        ("merchant", SetBy::Merchant),
    ];
}

/// One TOML table's fields, read by name; `done` refuses any field not read.
pub struct Fields<'a> {
    t: &'a toml::Table,
    at: &'a str,
    read: std::cell::RefCell<Vec<String>>,
}

impl<'a> Fields<'a> {
    pub fn new(t: &'a toml::Table, at: &'a str) -> Fields<'a> {
        Fields {
            t,
            at,
            read: Default::default(),
        }
    }

    /// After reading: an unknown field (a typo) is an error, not ignored.
    pub fn done(&self) -> Result<()> {
        let read = self.read.borrow();
        if let Some(unknown) = self.t.keys().find(|k| !read.contains(k)) {
            bail!(
                "{}: unknown field `{unknown}` (known: {})",
                self.at,
                read.join(", ")
            );
        }
        Ok(())
    }

    fn get(&self, name: &str) -> Option<&'a toml::Value> {
        self.read.borrow_mut().push(name.to_string());
        self.t.get(name)
    }

    fn optional(&self, name: &str) -> Result<Option<String>> {
        match self.get(name) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => bail!("{}: `{name}` is text, not {}", self.at, v.type_str()),
        }
    }

    fn string(&self, name: &str) -> Result<String> {
        self.optional(name)?
            .with_context(|| format!("{}: `{name}` is missing", self.at))
    }

    fn flag(&self, name: &str) -> Result<Option<bool>> {
        match self.get(name) {
            None => Ok(None),
            Some(toml::Value::Boolean(b)) => Ok(Some(*b)),
            Some(v) => bail!(
                "{}: `{name}` is true or false, not {}",
                self.at,
                v.type_str()
            ),
        }
    }

    fn number(&self, name: &str) -> Result<Option<u32>> {
        match self.get(name) {
            None => Ok(None),
            Some(toml::Value::Integer(n)) => Ok(Some(u32::try_from(*n)?)),
            Some(v) => bail!("{}: `{name}` is a number, not {}", self.at, v.type_str()),
        }
    }

    fn choice<T: Copy>(&self, name: &str, names: &[(&str, T)]) -> Result<T> {
        let value = self.string(name)?;
        let known: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        names
            .iter()
            .find(|(n, _)| *n == value)
            .map(|(_, v)| *v)
            .with_context(|| {
                format!(
                    "{}: unknown {name} {value:?} (known: {})",
                    self.at,
                    known.join(", ")
                )
            })
    }

    /// An array of tables, each with where it is (for messages).
    pub fn tables(&self, name: &str) -> Result<Vec<(&'a toml::Table, String)>> {
        let Some(v) = self.get(name) else {
            return Ok(Vec::new());
        };
        let array = v
            .as_array()
            .with_context(|| format!("{}: `{name}` is [[{name}]] tables", self.at))?;
        array
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let t = v
                    .as_table()
                    .with_context(|| format!("{}: `{name}` is [[{name}]] tables", self.at))?;
                let id = t
                    .get("key")
                    .or_else(|| t.get("id"))
                    .or_else(|| t.get("name"))
                    .and_then(|v| v.as_str());
                Ok((
                    t,
                    format!(
                        "{}: {name} {}",
                        self.at,
                        id.map_or((i + 1).to_string(), |s| format!("`{s}`"))
                    ),
                ))
            })
            .collect()
    }
}
