//! A small builder for protobuf descriptors.
//!
//! The `message!`, `enumeration!` and `service!` macros read like proto3 declarations and
//! expand to prost-types descriptor values:
//!
//! ```text
//! message!(Fee {
//!     repeated ".cosmos.base.v1beta1.Coin" amount = 1;
//!     uint64 gas_limit = 2;
//!     Tip tip = 3 [deprecated];
//!     oneof sum { Single single = 4; }
//!     message Single { bytes key = 1; }
//!     reserved 5;
//! })
//! ```
//!
//! A scalar type is written as its proto keyword. A message or enum type is written as a bare
//! name or, when it has dots, as a string; a leading dot makes it absolute, otherwise it is
//! looked up from the enclosing scope outwards as protoc does. [`link`] resolves those names,
//! decides message vs enum, fills in every file's imports and orders the files so that each
//! comes after its imports.

use std::collections::{BTreeMap, BTreeSet};

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{
    descriptor_proto::ReservedRange, DescriptorProto, EnumDescriptorProto,
    EnumValueDescriptorProto, FieldDescriptorProto, FieldOptions, FileDescriptorProto,
    FileDescriptorSet, MethodDescriptorProto, OneofDescriptorProto, ServiceDescriptorProto,
};

/// A field type as written in a declaration.
pub(super) enum Kind {
    Scalar(Type),
    /// A message or enum name, resolved by [`link`].
    Named(&'static str),
}

/// One `message!` field line.
pub(super) struct FieldSpec {
    pub name: &'static str,
    pub number: i32,
    pub repeated: bool,
    pub kind: Kind,
    pub oneof: Option<i32>,
    pub deprecated: bool,
}

pub(super) fn new_message(name: &str) -> DescriptorProto {
    DescriptorProto {
        name: Some(name.to_string()),
        ..Default::default()
    }
}

/// The JSON name protoc derives from a field name: `gas_limit` -> `gasLimit`.
pub(super) fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) fn add_field(m: &mut DescriptorProto, f: FieldSpec) {
    let (ty, type_name) = match f.kind {
        Kind::Scalar(t) => (Some(t as i32), None),
        Kind::Named(n) => (None, Some(n.to_string())),
    };
    let label = if f.repeated {
        Label::Repeated
    } else {
        Label::Optional
    };
    m.field.push(FieldDescriptorProto {
        name: Some(f.name.to_string()),
        number: Some(f.number),
        label: Some(label as i32),
        r#type: ty,
        type_name,
        oneof_index: f.oneof,
        json_name: Some(json_name(f.name)),
        options: f.deprecated.then(|| FieldOptions {
            deprecated: Some(true),
            ..Default::default()
        }),
        ..Default::default()
    });
}

/// Declares a oneof on `m` and returns its index for the member fields.
pub(super) fn add_oneof(m: &mut DescriptorProto, name: &str) -> i32 {
    m.oneof_decl.push(OneofDescriptorProto {
        name: Some(name.to_string()),
        options: None,
    });
    i32::try_from(m.oneof_decl.len() - 1).unwrap_or(i32::MAX)
}

pub(super) fn add_reserved(m: &mut DescriptorProto, number: i32) {
    m.reserved_range.push(ReservedRange {
        start: Some(number),
        end: Some(number + 1),
    });
}

pub(super) fn new_enum(name: &str, values: &[(&str, i32)]) -> EnumDescriptorProto {
    EnumDescriptorProto {
        name: Some(name.to_string()),
        value: values
            .iter()
            .map(|(n, v)| EnumValueDescriptorProto {
                name: Some((*n).to_string()),
                number: Some(*v),
                options: None,
            })
            .collect(),
        ..Default::default()
    }
}

/// `methods` are `(name, input, output)` with message names resolved by [`link`].
pub(super) fn new_service(name: &str, methods: &[(&str, &str, &str)]) -> ServiceDescriptorProto {
    ServiceDescriptorProto {
        name: Some(name.to_string()),
        method: methods
            .iter()
            .map(|(n, i, o)| MethodDescriptorProto {
                name: Some((*n).to_string()),
                input_type: Some((*i).to_string()),
                output_type: Some((*o).to_string()),
                ..Default::default()
            })
            .collect(),
        options: None,
    }
}

/// A field type: a scalar keyword, or a message or enum name.
macro_rules! kind {
    (@scalar $t:ident) => {
        $crate::query::reflection::dsl::Kind::Scalar(::prost_types::field_descriptor_proto::Type::$t)
    };
    (double) => { $crate::query::reflection::dsl::kind!(@scalar Double) };
    (float) => { $crate::query::reflection::dsl::kind!(@scalar Float) };
    (int64) => { $crate::query::reflection::dsl::kind!(@scalar Int64) };
    (uint64) => { $crate::query::reflection::dsl::kind!(@scalar Uint64) };
    (int32) => { $crate::query::reflection::dsl::kind!(@scalar Int32) };
    (fixed64) => { $crate::query::reflection::dsl::kind!(@scalar Fixed64) };
    (fixed32) => { $crate::query::reflection::dsl::kind!(@scalar Fixed32) };
    (bool) => { $crate::query::reflection::dsl::kind!(@scalar Bool) };
    (string) => { $crate::query::reflection::dsl::kind!(@scalar String) };
    (bytes) => { $crate::query::reflection::dsl::kind!(@scalar Bytes) };
    (uint32) => { $crate::query::reflection::dsl::kind!(@scalar Uint32) };
    (sfixed32) => { $crate::query::reflection::dsl::kind!(@scalar Sfixed32) };
    (sfixed64) => { $crate::query::reflection::dsl::kind!(@scalar Sfixed64) };
    (sint32) => { $crate::query::reflection::dsl::kind!(@scalar Sint32) };
    (sint64) => { $crate::query::reflection::dsl::kind!(@scalar Sint64) };
    ($name:ident) => { $crate::query::reflection::dsl::Kind::Named(stringify!($name)) };
    ($name:literal) => { $crate::query::reflection::dsl::Kind::Named($name) };
}

/// Munches the body of a `message!`, one declaration at a time.
macro_rules! fields {
    ($m:ident, $o:expr; ) => {};
    ($m:ident, $o:expr; message $name:ident { $($inner:tt)* } $($rest:tt)*) => {
        $m.nested_type.push($crate::query::reflection::dsl::message!($name { $($inner)* }));
        $crate::query::reflection::dsl::fields!($m, $o; $($rest)*);
    };
    ($m:ident, $o:expr; oneof $name:ident { $($inner:tt)* } $($rest:tt)*) => {
        let index = $crate::query::reflection::dsl::add_oneof(&mut $m, stringify!($name));
        $crate::query::reflection::dsl::fields!($m, Some(index); $($inner)*);
        $crate::query::reflection::dsl::fields!($m, $o; $($rest)*);
    };
    ($m:ident, $o:expr; reserved $($n:literal),+; $($rest:tt)*) => {
        $($crate::query::reflection::dsl::add_reserved(&mut $m, $n);)+
        $crate::query::reflection::dsl::fields!($m, $o; $($rest)*);
    };
    ($m:ident, $o:expr; repeated $ty:tt $f:ident = $n:literal; $($rest:tt)*) => {
        $crate::query::reflection::dsl::fields!(@one $m, $o, true, $ty, $f, $n, false);
        $crate::query::reflection::dsl::fields!($m, $o; $($rest)*);
    };
    ($m:ident, $o:expr; $ty:tt $f:ident = $n:literal [deprecated]; $($rest:tt)*) => {
        $crate::query::reflection::dsl::fields!(@one $m, $o, false, $ty, $f, $n, true);
        $crate::query::reflection::dsl::fields!($m, $o; $($rest)*);
    };
    ($m:ident, $o:expr; $ty:tt $f:ident = $n:literal; $($rest:tt)*) => {
        $crate::query::reflection::dsl::fields!(@one $m, $o, false, $ty, $f, $n, false);
        $crate::query::reflection::dsl::fields!($m, $o; $($rest)*);
    };
    (@one $m:ident, $o:expr, $rep:expr, $ty:tt, $f:ident, $n:literal, $dep:expr) => {
        $crate::query::reflection::dsl::add_field(
            &mut $m,
            $crate::query::reflection::dsl::FieldSpec {
                name: stringify!($f),
                number: $n,
                repeated: $rep,
                kind: $crate::query::reflection::dsl::kind!($ty),
                oneof: $o,
                deprecated: $dep,
            },
        );
    };
}

/// A message declaration; see the module documentation.
macro_rules! message {
    ($name:ident { $($body:tt)* }) => {{
        #[allow(unused_mut)]
        let mut m = $crate::query::reflection::dsl::new_message(stringify!($name));
        $crate::query::reflection::dsl::fields!(m, None; $($body)*);
        m
    }};
}

/// `enumeration!(Name { VALUE_A = 0, VALUE_B = 1 })`.
macro_rules! enumeration {
    ($name:ident { $($v:ident = $n:literal),* $(,)? }) => {
        $crate::query::reflection::dsl::new_enum(stringify!($name), &[$((stringify!($v), $n)),*])
    };
}

/// `service!(Name { Method(Request) -> Response; })`, message names relative to the package.
macro_rules! service {
    ($name:ident { $($method:ident($input:ident) -> $output:ident;)* }) => {
        $crate::query::reflection::dsl::new_service(
            stringify!($name),
            &[$((stringify!($method), stringify!($input), stringify!($output))),*],
        )
    };
}

pub(super) use {enumeration, fields, kind, message, service};

/// A `.proto` file under construction.
pub(super) struct File(FileDescriptorProto);

pub(super) fn file(name: &str, package: &str) -> File {
    File(FileDescriptorProto {
        name: Some(name.to_string()),
        package: Some(package.to_string()),
        syntax: Some("proto3".to_string()),
        ..Default::default()
    })
}

impl File {
    pub(super) fn message(mut self, m: DescriptorProto) -> Self {
        self.0.message_type.push(m);
        self
    }

    pub(super) fn enumeration(mut self, e: EnumDescriptorProto) -> Self {
        self.0.enum_type.push(e);
        self
    }

    pub(super) fn service(mut self, s: ServiceDescriptorProto) -> Self {
        self.0.service.push(s);
        self
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SymbolKind {
    Message,
    Enum,
}

/// Fully qualified name (with leading dot) -> kind and defining file.
type Symbols = BTreeMap<String, (SymbolKind, usize)>;

fn qualify(scope: &str, name: Option<&String>) -> String {
    format!("{scope}.{}", name.map(String::as_str).unwrap_or_default())
}

fn package_scope(f: &FileDescriptorProto) -> String {
    match f.package.as_deref() {
        Some(p) if !p.is_empty() => format!(".{p}"),
        _ => String::new(),
    }
}

fn collect(symbols: &mut Symbols, scope: &str, m: &DescriptorProto, file: usize) {
    let full = qualify(scope, m.name.as_ref());
    for e in &m.enum_type {
        symbols.insert(qualify(&full, e.name.as_ref()), (SymbolKind::Enum, file));
    }
    for n in &m.nested_type {
        collect(symbols, &full, n, file);
    }
    symbols.insert(full, (SymbolKind::Message, file));
}

/// Looks `name` up from `scope` outwards; a leading dot means it is already absolute.
fn resolve(symbols: &Symbols, scope: &str, name: &str) -> Option<(String, SymbolKind, usize)> {
    if name.starts_with('.') {
        return symbols.get(name).map(|(k, f)| (name.to_string(), *k, *f));
    }
    let mut scope = scope.to_string();
    loop {
        let candidate = format!("{scope}.{name}");
        if let Some((k, f)) = symbols.get(&candidate) {
            return Some((candidate, *k, *f));
        }
        let cut = scope.rfind('.')?;
        scope.truncate(cut);
    }
}

fn link_message(
    symbols: &Symbols,
    scope: &str,
    m: &mut DescriptorProto,
    deps: &mut BTreeSet<usize>,
) {
    let full = qualify(scope, m.name.as_ref());
    for field in &mut m.field {
        if field.r#type.is_some() {
            continue;
        }
        let name = field.type_name.clone().unwrap_or_default();
        match resolve(symbols, &full, &name) {
            Some((qualified, kind, file)) => {
                let ty = match kind {
                    SymbolKind::Message => Type::Message,
                    SymbolKind::Enum => Type::Enum,
                };
                field.r#type = Some(ty as i32);
                field.type_name = Some(qualified);
                deps.insert(file);
            }
            // Left visibly unresolved: the descriptor tests reject it.
            None => {
                field.r#type = Some(Type::Message as i32);
                field.type_name = Some(name);
            }
        }
    }
    for n in &mut m.nested_type {
        link_message(symbols, &full, n, deps);
    }
}

fn link_method_type(
    symbols: &Symbols,
    scope: &str,
    name: &mut Option<String>,
    deps: &mut BTreeSet<usize>,
) {
    let raw = name.clone().unwrap_or_default();
    if let Some((qualified, SymbolKind::Message, file)) = resolve(symbols, scope, &raw) {
        *name = Some(qualified);
        deps.insert(file);
    }
}

/// Depth-first: every import before the file that needs it, otherwise declaration order.
fn visit(i: usize, imports: &[BTreeSet<usize>], state: &mut [u8], order: &mut Vec<usize>) {
    // 0 = not seen, 1 = in progress, 2 = placed
    if state[i] != 0 {
        return;
    }
    state[i] = 1;
    for &d in &imports[i] {
        visit(d, imports, state, order);
    }
    state[i] = 2;
    order.push(i);
}

/// Resolves type names, computes each file's `dependency` list and orders the files.
pub(super) fn link(files: Vec<File>) -> FileDescriptorSet {
    let mut files: Vec<FileDescriptorProto> = files.into_iter().map(|f| f.0).collect();
    let mut symbols = Symbols::new();
    for (i, f) in files.iter().enumerate() {
        let scope = package_scope(f);
        for m in &f.message_type {
            collect(&mut symbols, &scope, m, i);
        }
        for e in &f.enum_type {
            symbols.insert(qualify(&scope, e.name.as_ref()), (SymbolKind::Enum, i));
        }
    }

    let mut imports = Vec::with_capacity(files.len());
    for (i, f) in files.iter_mut().enumerate() {
        let scope = package_scope(f);
        let mut deps = BTreeSet::new();
        for m in &mut f.message_type {
            link_message(&symbols, &scope, m, &mut deps);
        }
        for s in &mut f.service {
            for method in &mut s.method {
                link_method_type(&symbols, &scope, &mut method.input_type, &mut deps);
                link_method_type(&symbols, &scope, &mut method.output_type, &mut deps);
            }
        }
        deps.remove(&i);
        imports.push(deps);
    }

    let names: Vec<String> = files
        .iter()
        .map(|f| f.name.clone().unwrap_or_default())
        .collect();
    for (f, deps) in files.iter_mut().zip(&imports) {
        let mut dependency: Vec<String> = deps.iter().map(|&d| names[d].clone()).collect();
        dependency.sort();
        f.dependency = dependency;
    }

    let mut state = vec![0u8; files.len()];
    let mut order = Vec::with_capacity(files.len());
    for i in 0..files.len() {
        visit(i, &imports, &mut state, &mut order);
    }
    let mut slots: Vec<Option<FileDescriptorProto>> = files.into_iter().map(Some).collect();
    FileDescriptorSet {
        file: order.into_iter().filter_map(|i| slots[i].take()).collect(),
    }
}
