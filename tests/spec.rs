//! The OpenAPI document: drift between code and the checked-in files, snapshots of the operation list and of the
//! schemas, and the rules every operation follows.

use std::collections::BTreeSet;

use serde_json::Value;

fn spec() -> Value {
    serde_json::to_value(calends_server::api_doc()).unwrap()
}

const METHODS: [&str; 5] = ["get", "post", "patch", "put", "delete"];

/// (method, path, operation) for every operation.
fn operations(spec: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                ops.push((method.to_uppercase(), path.clone(), op.clone()));
            }
        }
    }
    ops
}

#[test]
fn checked_in_spec_and_client_match_the_code() {
    if let Err(e) = xtask::codegen::check() {
        panic!("{e}");
    }
}

#[test]
fn operation_list() {
    let spec = spec();
    let lines: Vec<String> = operations(&spec)
        .iter()
        .map(|(method, path, op)| {
            let statuses: Vec<&str> = op["responses"].as_object().unwrap().keys().map(String::as_str).collect();
            format!(
                "{method} {path} {} [{}] {}{} -> {}",
                op["operationId"].as_str().unwrap(),
                op["tags"][0].as_str().unwrap(),
                op["summary"].as_str().unwrap(),
                if op.get("security").is_some() { " (key)" } else { "" },
                statuses.join(" ")
            )
        })
        .collect();
    insta::assert_snapshot!("operations", lines.join("\n"));
}

/// Each schema as `Name: field*: type, ...` (`*` required), so reviews see shape changes at a glance.
/// `field*: type` for each property (`*`: required); the parts of an `allOf` in order, a referenced part as
/// `...Name`.
fn fields_of(schema: &Value) -> Vec<String> {
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        return parts
            .iter()
            .flat_map(|part| match part["$ref"].as_str() {
                Some(r) => vec![format!("...{}", r.rsplit('/').next().unwrap_or(r))],
                None => fields_of(part),
            })
            .collect();
    }
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default();
    schema["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .map(|(field, s)| {
                    let star = if required.contains(field.as_str()) { "*" } else { "" };
                    format!("{field}{star}: {}", type_of(s))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn schema_shapes() {
    let spec = spec();
    let mut lines = Vec::new();
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        if let Some(values) = schema.get("enum") {
            let values: Vec<&str> = values.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            lines.push(format!("{name}: enum {}", values.join(" | ")));
            continue;
        }
        let fields = fields_of(schema);
        lines.push(format!("{name}: {}", fields.join(", ")));
    }
    insta::assert_snapshot!("schemas", lines.join("\n"));
}

fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap().to_owned();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(variants) = schema.get(key).and_then(Value::as_array) {
            return variants.iter().map(type_of).collect::<Vec<_>>().join(" | ");
        }
    }
    match &schema["type"] {
        Value::String(t) if t == "array" => format!("[{}]", type_of(&schema["items"])),
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect::<Vec<_>>().join(" | "),
        _ => "any".into(),
    }
}

/// Operations of the reference that cannot succeed on this server, documented with their error answers only.
const WITHOUT_SUCCESS: &[&str] = &[
    // Needs a telephony provider; this server has none (a 400 says so).
    "team_event_types_create_phone_call",
];

#[test]
fn every_operation_is_documented_completely() {
    let spec = spec();
    let mut ids = BTreeSet::new();
    for (method, path, op) in operations(&spec) {
        let at = format!("{method} {path}");
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{at}: no operationId"));
        assert!(ids.insert(id.to_owned()), "{at}: duplicate operationId {id}");
        assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{at}: no summary");
        assert_eq!(op["tags"].as_array().map(Vec::len), Some(1), "{at}: exactly one tag");
        let responses = op["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')) != WITHOUT_SUCCESS.contains(&id),
            "{at}: a success response must be documented exactly when the operation can succeed"
        );
        let documents = |status: &str| responses.contains_key(status);
        if op.get("security").is_some() {
            assert!(documents("401"), "{at}: authenticated but 401 is not documented");
        }
        if op.get("requestBody").is_some() {
            for status in ["400", "413", "415"] {
                assert!(documents(status), "{at}: takes a body but {status} is not documented");
            }
        }
        if path.contains('{') {
            assert!(documents("400") && documents("404"), "{at}: has a path id but 400/404 are not documented");
        }
        for (status, response) in responses {
            if !status.starts_with('2') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorResponse",
                    "{at}: {status} is not the error envelope"
                );
            }
        }
    }
}

#[test]
fn the_spec_is_openapi_31_with_bearer_auth() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    assert_eq!(spec["components"]["securitySchemes"]["apiKey"]["scheme"], "bearer");
    let tags: Vec<&str> = spec["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    for (_, _, op) in operations(&spec) {
        assert!(tags.contains(&op["tags"][0].as_str().unwrap()), "every tag is declared");
    }
}
