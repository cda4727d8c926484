//! What the rate limits cost: the `/health` ceiling of a server whose limits run on every request (raised far
//! above the load, as the other measurements run) against one with limits off, in alternating rounds so drift on
//! a shared machine hits both alike.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use reqwest::{Client, Url};

use super::{BenchDatabase, Options, Rotate, SERVER_FLAGS, Server, measure, thousands, yes_no};
use calends_store::Backend;

const ROUNDS: usize = 3;
const LIMITS_OFF: [&str; 4] = ["--rate-limit-per-minute", "0", "--anonymous-rate-limit-per-minute", "0"];

pub(super) struct LimitsReport {
    /// `/health` requests per second of each round.
    pub with_limits: Vec<f64>,
    pub without_limits: Vec<f64>,
    pub seconds: u64,
}

pub(super) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}

impl LimitsReport {
    /// The share of the ceiling the limits take (negative when the run with limits happened to be faster).
    pub fn cost(&self) -> f64 {
        1.0 - median(&self.with_limits) / median(&self.without_limits).max(f64::EPSILON)
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let rounds = |values: &[f64]| values.iter().map(|v| thousands(*v)).collect::<Vec<_>>().join(" / ");
        let _ = writeln!(
            md,
            "Rate limits: `GET /health` on two servers, alternating {ROUNDS} rounds of {} s each.\n",
            self.seconds
        );
        let _ = writeln!(md, "| server | req/s per round | median |");
        let _ = writeln!(md, "| --- | --- | ---: |");
        let _ = writeln!(
            md,
            "| limits on (raised above the load) | {} | {} |",
            rounds(&self.with_limits),
            thousands(median(&self.with_limits))
        );
        let _ = writeln!(
            md,
            "| limits off (`--rate-limit-per-minute 0 --anonymous-rate-limit-per-minute 0`) | {} | {} |",
            rounds(&self.without_limits),
            thousands(median(&self.without_limits))
        );
        let cost = self.cost();
        let _ = writeln!(
            md,
            "\nCost of the limits on the ceiling: {:.1} % (target < {:.0} %: {}).",
            100.0 * cost,
            100.0 * super::targets::LIMITS_COST,
            yes_no(cost < super::targets::LIMITS_COST)
        );
        md
    }
}

pub(super) async fn measure_limits(binary: &Path, client: &Client, options: &Options) -> Result<LimitsReport> {
    let with_db = BenchDatabase::create(Backend::Sqlite)?;
    let without_db = BenchDatabase::create(Backend::Sqlite)?;
    let mut with = Server::start(binary, with_db.url(), &SERVER_FLAGS)?;
    let mut without = Server::start(binary, without_db.url(), &LIMITS_OFF)?;
    let result = rounds(client, &with, &without, options).await;
    let stopped = with.stop().and(without.stop());
    let report = result?;
    stopped?;
    Ok(report)
}

async fn rounds(client: &Client, with: &Server, without: &Server, options: &Options) -> Result<LimitsReport> {
    let health = |server: &Server| {
        Url::parse(&format!("{}/health", server.base())).map(|url| Rotate::new(vec![url])).context("health URL")
    };
    let seconds = options.seconds.div_ceil(2).max(2);
    let duration = Duration::from_secs(seconds);
    let c = options.connections;
    let warm_up = Duration::from_secs(1);
    measure("limits: warm-up (on)", client, health(with)?, c, warm_up).await?;
    measure("limits: warm-up (off)", client, health(without)?, c, warm_up).await?;
    let mut report = LimitsReport { with_limits: Vec::new(), without_limits: Vec::new(), seconds };
    for round in 1..=ROUNDS {
        let on = measure(&format!("limits on, round {round}"), client, health(with)?, c, duration).await?;
        let off = measure(&format!("limits off, round {round}"), client, health(without)?, c, duration).await?;
        anyhow::ensure!(on.errors == 0 && off.errors == 0, "errors in the limits rounds: {:?}", on.error_samples);
        report.with_limits.push(on.rps());
        report.without_limits.push(off.rps());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_compares_medians() {
        let report =
            LimitsReport { with_limits: vec![95.0, 10.0, 96.0], without_limits: vec![100.0, 100.0, 1.0], seconds: 1 };
        assert!((report.cost() - 0.05).abs() < 1e-9, "{}", report.cost());
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    }
}
