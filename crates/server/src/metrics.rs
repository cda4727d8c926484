//! Prometheus metrics: requests by route and status, request latency, the webhook outbox, delivery attempts by
//! outcome (counted by the delivery worker), and database connections.

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const REQUESTS: &str = "calends_http_requests_total";
const LATENCY: &str = "calends_http_request_duration_seconds";

/// The process-wide recorder (installed on first use; the metrics crate allows one).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full(LATENCY.to_owned()),
                &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5],
            )
            .expect("the bucket list is not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (several apps in one test process): keep this handle anyway.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

pub fn record_request(method: &str, route: Option<&str>, status: u16, elapsed: Duration) {
    let route = route.unwrap_or("unmatched").to_owned();
    metrics::counter!(REQUESTS, "method" => method.to_owned(), "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    metrics::histogram!(LATENCY, "route" => route).record(elapsed.as_secs_f64());
}
