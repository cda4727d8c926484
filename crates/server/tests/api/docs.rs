use actix_web::test::TestRequest;

use crate::support::spawn;

#[actix_web::test]
async fn swagger_ui_its_assets_and_the_spec_answer() {
    let app = spawn().await;
    let redirect = app.send(TestRequest::get().uri("/docs")).await;
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.headers.get("location").unwrap(), "/docs/");

    let index = app.send(TestRequest::get().uri("/docs/")).await;
    assert_eq!(index.status, 200);
    let html = index.body.as_str().unwrap();
    assert!(html.contains("swagger-ui"), "{html}");

    let initializer = app.send(TestRequest::get().uri("/docs/swagger-initializer.js")).await;
    assert_eq!(initializer.status, 200);
    let script = initializer.body.as_str().unwrap();
    assert!(script.contains("/openapi.json"), "Swagger UI loads our spec: {script}");

    for asset in ["/docs/swagger-ui.css", "/docs/swagger-ui-bundle.js", "/docs/swagger-ui-standalone-preset.js"] {
        assert_eq!(app.send(TestRequest::get().uri(asset)).await.status, 200, "{asset}");
    }

    let spec = app.send(TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(spec.status, 200);
    assert_eq!(spec.body["openapi"], "3.1.0");
    assert!(spec.body["paths"]["/v2/webhooks"]["post"].is_object());
    assert!(spec.body["components"]["securitySchemes"]["apiKey"].is_object());
    assert_eq!(spec.body, serde_json::to_value(calends_server::api_doc()).unwrap(), "served as generated");
}
