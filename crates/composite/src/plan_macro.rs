//! The macro that declares a method family's plan enum from one line per built-in method.
//!
//! Each family (normalisation, weighting, aggregation) has a trait (`Normaliser`, `Weigher`, `Aggregator`)
//! and a plan enum that holds any validated built-in method or a user's own (`Custom`). Registering a new
//! built-in method in its family's plan is the one line `Variant(Type),` in the family's
//! `method_plan!` invocation: the macro writes the variant, `From<Type>`, the dispatch (`as_dyn`) and
//! `PartialEq` (built-ins compare by parameters, custom methods by identity).

/// Declares `pub enum $plan` with one variant per listed method type and a `Custom(Arc<dyn $tr>)` variant;
/// implements `From` for each type and for `Arc<dyn $tr>`, `PartialEq`, and `as_dyn`/`custom`.
macro_rules! method_plan {
    (
        $(#[$meta:meta])*
        pub enum $plan:ident: $tr:ident {
            $($variant:ident($ty:ty),)+
        }
        $(#[$custom_meta:meta])*
        Custom;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum $plan {
            $(
                #[doc = concat!("[`", stringify!($ty), "`].")]
                $variant($ty),
            )+
            $(#[$custom_meta])*
            Custom(std::sync::Arc<dyn $tr>),
        }

        impl $plan {
            /// The plan of a user's own method.
            pub fn custom(method: impl $tr + 'static) -> Self {
                $plan::Custom(std::sync::Arc::new(method))
            }

            /// The method as a trait object: the built-in type, or the user's method of a `Custom` plan.
            pub fn as_dyn(&self) -> &dyn $tr {
                match self {
                    $($plan::$variant(m) => m,)+
                    $plan::Custom(m) => m.as_ref(),
                }
            }
        }

        $(
            impl From<$ty> for $plan {
                fn from(m: $ty) -> Self {
                    $plan::$variant(m)
                }
            }
        )+

        impl From<std::sync::Arc<dyn $tr>> for $plan {
            fn from(m: std::sync::Arc<dyn $tr>) -> Self {
                $plan::Custom(m)
            }
        }

        impl PartialEq for $plan {
            /// Built-in plans compare by method and parameters; custom plans by identity (the same `Arc`).
            fn eq(&self, other: &Self) -> bool {
                match (self, other) {
                    $(($plan::$variant(a), $plan::$variant(b)) => a == b,)+
                    ($plan::Custom(a), $plan::Custom(b)) => std::sync::Arc::ptr_eq(a, b),
                    _ => false,
                }
            }
        }
    };
}

pub(crate) use method_plan;

/// Declares a method family's serde configuration enum **and** its plan enum from one registry, one entry
/// per method: the configuration variant (with its fields and serde attributes), its JSON name, the plan
/// variant holding the validated type, and the conversion that validates the parameters. It writes
///
/// - `pub enum $config` (the JSON schema, plain data) and `$config::name`;
/// - the plan enum through [`method_plan!`] (variants, `From`, `as_dyn`, `custom`, `PartialEq`);
/// - `TryFrom<&$config>` and `TryFrom<$config>` for the plan, one match arm per entry.
///
/// An entry reads
///
/// ```text
/// /// Doc of the JSON variant.
/// Variant { field: Type, .. } => "json_name" as PlanVariant(MethodType) = MethodType::new(*field)?.into();
/// ```
///
/// with the fields bound by reference in the conversion; `as PlanVariant(MethodType)` is left out when
/// the entry converts into another entry's plan variant (e.g. `ahp_incomplete` into `Ahp`).
macro_rules! method_registry {
    (
        $(#[$cmeta:meta])*
        pub enum $config:ident;

        $(#[$pmeta:meta])*
        pub enum $plan:ident: $tr:ident;

        $(#[$custom_meta:meta])*
        Custom;

        $(#[$tmeta:meta])*
        try_from;

        methods {
            $(
                $(#[$vmeta:meta])*
                $cv:ident $({ $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)? })?
                    => $key:literal $(as $pv:ident($pty:ty))? = $conv:expr;
            )+
        }
    ) => {
        $(#[$cmeta])*
        pub enum $config {
            $(
                $(#[$vmeta])*
                $cv $({ $( $(#[$fmeta])* $field: $fty, )* })?,
            )+
        }

        impl $config {
            /// The method's short name for outputs and messages, without validating: the plan's
            /// `name()`, and the JSON `method` unless the variant's doc names another tag.
            pub fn name(&self) -> &'static str {
                match self {
                    $($config::$cv { .. } => $key,)+
                }
            }
        }

        $crate::plan_macro::method_plan! {
            $(#[$pmeta])*
            pub enum $plan: $tr {
                $($($pv($pty),)?)+
            }
            $(#[$custom_meta])*
            Custom;
        }

        impl TryFrom<&$config> for $plan {
            type Error = $crate::CompositeError;

            $(#[$tmeta])*
            fn try_from(config: &$config) -> $crate::Result<Self> {
                Ok(match config {
                    $($config::$cv $({ $($field,)* })? => $conv,)+
                })
            }
        }

        impl TryFrom<$config> for $plan {
            type Error = $crate::CompositeError;

            /// As `TryFrom<&` the configuration `>`.
            ///
            /// # Errors
            /// As `TryFrom<&` the configuration `>`.
            fn try_from(config: $config) -> $crate::Result<Self> {
                <$plan>::try_from(&config)
            }
        }
    };
}

pub(crate) use method_registry;
