//! Rewrites the OpenAPI 3.1 document utoipa emits into the 3.0.3 dialect progenitor (through openapiv3) reads.
//! Only constructs this project's spec uses are handled; anything else is left alone for progenitor to judge.

use serde_json::{Map, Value, json};

/// Returns the 3.0.3 form of a 3.1 document.
pub fn to_openapi_30(spec: &Value) -> Value {
    let mut spec = spec.clone();
    if let Some(root) = spec.as_object_mut() {
        root.insert("openapi".into(), json!("3.0.3"));
        root.remove("jsonSchemaDialect");
        root.remove("webhooks");
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            info.remove("summary");
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
                license.remove("identifier");
            }
        }
    }
    walk(&mut spec);
    spec
}

fn walk(value: &mut Value) {
    match value {
        Value::Object(map) => {
            rewrite_schema(map);
            for child in map.values_mut() {
                walk(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(walk),
        _ => {}
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type") == Some(&json!("null"))
}

/// Applies the 3.1 -> 3.0 rewrites to one object if it is a schema; objects that are not schemas do not carry
/// these keywords in the shapes matched here.
fn rewrite_schema(map: &mut Map<String, Value>) {
    map.remove("$schema");
    map.remove("propertyNames");

    // type: [T, "null"] -> type: T, nullable: true
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if non_null.len() < types.len() {
            map.insert("nullable".into(), json!(true));
        }
        match non_null.as_slice() {
            [single] => {
                map.insert("type".into(), single.clone());
            }
            [] => {
                map.remove("type");
            }
            _ => {
                // Several non-null types have no 3.0 spelling: leave the keyword out (any type).
                map.remove("type");
            }
        }
    }

    // oneOf/anyOf: [X, {type: null}] -> allOf: [X], nullable: true
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(variants)) = map.get(key).cloned()
            && variants.iter().any(is_null_schema)
        {
            let rest: Vec<Value> = variants.into_iter().filter(|v| !is_null_schema(v)).collect();
            map.remove(key);
            map.insert("nullable".into(), json!(true));
            if rest.len() == 1 {
                map.insert("allOf".into(), Value::Array(rest));
            } else {
                map.insert(key.into(), Value::Array(rest));
            }
        }
    }

    // anyOf of non-null variants -> oneOf: the served spec says anyOf because the server reads a union as its first
    // fitting variant; typify turns oneOf into exactly that (an untagged enum), and anyOf into something clumsier.
    if let Some(variants) = map.remove("anyOf") {
        map.insert("oneOf".into(), variants);
    }

    // const: v -> enum: [v]
    if let Some(c) = map.remove("const") {
        map.insert("enum".into(), json!([c]));
    }

    // schema examples: [a, ...] -> example: a (media and parameter `examples` are maps and stay)
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.insert("example".into(), first);
        }
    }

    // exclusiveMinimum: n -> minimum: n, exclusiveMinimum: true (same for maximum)
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), json!(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_the_31_constructs() {
        let spec = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "n": {"type": ["integer", "null"], "format": "int64"},
                    "r": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/B"}]},
                    "c": {"const": "x"},
                    "e": {"type": "string", "examples": ["one", "two"]},
                    "m": {"type": "number", "exclusiveMinimum": 0}
                }}
            }}
        });
        let out = to_openapi_30(&spec);
        assert_eq!(out["openapi"], "3.0.3");
        assert!(out["info"].get("summary").is_none());
        assert!(out["info"]["license"].get("identifier").is_none());
        let p = &out["components"]["schemas"]["A"]["properties"];
        assert_eq!(p["n"], json!({"type": "integer", "format": "int64", "nullable": true}));
        assert_eq!(p["r"], json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/B"}]}));
        assert_eq!(p["c"], json!({"enum": ["x"]}));
        assert_eq!(p["e"], json!({"type": "string", "example": "one"}));
        assert_eq!(p["m"], json!({"type": "number", "exclusiveMinimum": true, "minimum": 0}));
    }

    #[test]
    fn unions_become_one_of_for_the_client() {
        let spec = json!({"openapi": "3.1.0", "components": {"schemas": {"U": {"anyOf": [
            {"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}}}});
        let out = to_openapi_30(&spec);
        assert_eq!(
            out["components"]["schemas"]["U"],
            json!({"oneOf": [
            {"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]})
        );
    }

    #[test]
    fn keeps_media_examples_maps() {
        let spec = json!({"openapi": "3.1.0", "paths": {"/x": {"get": {"responses": {"200": {"content": {
            "application/json": {"examples": {"one": {"value": 1}}}}}}}}}});
        let out = to_openapi_30(&spec);
        assert_eq!(
            out["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]["one"]["value"],
            1
        );
    }
}
