//! Strict deserialisation of the internally tagged configuration enums (`{"method": "entropy"}`).
//!
//! `#[serde(deny_unknown_fields)]` on such an enum refuses an unknown field of a variant with fields, but
//! serde ignores every field beside the tag of a *unit* variant: `{"method": "entropy", "base": 2}` would
//! load as plain entropy weights, the `base` silently dropped. The enums therefore derive their serde code
//! with `#[serde(remote = "Self")]` and deserialise through [`tagged`], which refuses any field beside the
//! tag when the value read back has none.

use serde::de::{Deserialize, Deserializer, Error as _};

/// Deserialises `T` (tagged by `tag`) through a JSON value, and refuses a field other than the tag when `T`
/// came out as a unit variant (its serialised form has the tag alone).
pub(crate) fn tagged<'de, D, T>(
    deserializer: D,
    tag: &str,
    de: impl FnOnce(serde_json::Value) -> Result<T, serde_json::Error>,
    ser: impl FnOnce(&T) -> Result<serde_json::Value, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    let extra: Vec<String> = match &value {
        serde_json::Value::Object(m) => m.keys().filter(|k| *k != tag).cloned().collect(),
        _ => Vec::new(),
    };
    let method = value.get(tag).and_then(|m| m.as_str()).map(str::to_owned);
    let t = de(value).map_err(D::Error::custom)?;
    if let Some(field) = extra.first()
        && let Ok(serde_json::Value::Object(back)) = ser(&t)
        && back.len() == 1
    {
        return Err(D::Error::custom(format_args!(
            "unknown field `{field}`: {tag} `{}` takes no parameters",
            method.as_deref().unwrap_or("?")
        )));
    }
    Ok(t)
}

/// Implements `Serialize` and `Deserialize` for a configuration enum that derives them with
/// `#[serde(remote = "Self")]`, deserialising through [`tagged`] with the given tag.
macro_rules! strict_tagged {
    ($ty:ty, $tag:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                <$ty>::serialize(self, s)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::strict::tagged(
                    d,
                    $tag,
                    |v| <$ty>::deserialize(v),
                    |t| <$ty>::serialize(t, serde_json::value::Serializer),
                )
            }
        }
    };
}
pub(crate) use strict_tagged;
