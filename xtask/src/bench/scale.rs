//! Scale-out: the create scenario through one instance against the same scenario spread over the setup's N
//! instances, on one database, in alternating rounds so drift on a shared machine (and the database growing) hits
//! both alike. The one instance runs with a worker thread per core (the default); each of the N with its share of
//! the cores (`--workers cores/N`, see `bench_setup`), so both sides serve with the same number of threads on the
//! same cores, and neither takes more of the machine from the load generator than the other. The rounds run the
//! one-host create scenario (the target's) and the many-hosts one (`hosts.rs`).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::{Result, ensure};
use reqwest::Client;

use super::limits::median;
use super::{CreateBookings, Fixture, Options, SERVER_FLAGS, Server, hosts, measure, thousands, workers_each, yes_no};

const ROUNDS: usize = 3;

pub(super) struct ScaleReport {
    pub instances: usize,
    /// The one host's creates (the target's scenario), and the many hosts'.
    pub one_host: Rounds,
    pub many_hosts: Rounds,
    pub seconds: u64,
}

/// Creates per second of each round of one scenario through one instance, and spread over all.
#[derive(Default)]
pub(super) struct Rounds {
    pub one: Vec<f64>,
    pub spread: Vec<f64>,
}

impl Rounds {
    /// The spread rounds' median over the one instance's.
    pub fn ratio(&self) -> f64 {
        median(&self.spread) / median(&self.one).max(f64::EPSILON)
    }
}

impl ScaleReport {
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let rounds = |values: &[f64]| values.iter().map(|v| thousands(*v)).collect::<Vec<_>>().join(" / ");
        let _ = writeln!(
            md,
            "Scale-out: `POST /v2/bookings` through one instance or spread over {n}, on this setup's database, \
             alternating {ROUNDS} rounds of {} s each (one instance with {cores} worker threads; each of the {n} \
             with {}).\n",
            self.seconds,
            workers_each(self.instances),
            cores = workers_each(1),
            n = self.instances,
        );
        let _ = writeln!(md, "| creates | through | req/s per round | median |");
        let _ = writeln!(md, "| --- | --- | --- | ---: |");
        let many = format!("{} hosts", hosts::HOSTS);
        for (creates, Rounds { one, spread }) in [("one host", &self.one_host), (many.as_str(), &self.many_hosts)] {
            let _ = writeln!(md, "| {creates} | one instance | {} | {} |", rounds(one), thousands(median(one)));
            let _ = writeln!(
                md,
                "| {creates} | {} instances | {} | {} |",
                self.instances,
                rounds(spread),
                thousands(median(spread))
            );
        }
        let ratio = self.one_host.ratio();
        let _ = writeln!(
            md,
            "\n{} instances create {:.0} % of one instance's throughput (target ≥ 100 %: {}); with {many}, {:.0} %.",
            self.instances,
            100.0 * ratio,
            yes_no(ratio >= 1.0),
            100.0 * self.many_hosts.ratio()
        );
        md
    }
}

/// Starts one more instance on `database_url` (with every core's workers), measures the rounds, stops it.
pub(super) async fn measure_scale(
    binary: &Path,
    database_url: &str,
    servers: &[Server],
    fixture: &Fixture,
    client: &Client,
    options: &Options,
) -> Result<ScaleReport> {
    let mut one = Server::start(binary, database_url, &SERVER_FLAGS)?;
    let result = rounds(&one, servers, fixture, client, options).await;
    let stopped = one.stop();
    let report = result?;
    stopped?;
    Ok(report)
}

async fn rounds(
    one: &Server,
    servers: &[Server],
    fixture: &Fixture,
    client: &Client,
    options: &Options,
) -> Result<ScaleReport> {
    let single = std::slice::from_ref(one);
    let duration = Duration::from_secs(options.seconds);
    let c = options.connections;
    let warm_up = Duration::from_secs(1);
    measure("scale-out: warm-up (one)", client, fixture.create_bookings(single)?, c, warm_up).await?;
    measure("scale-out: warm-up (spread)", client, fixture.create_bookings(servers)?, c, warm_up).await?;
    let mut report = ScaleReport {
        instances: servers.len(),
        one_host: Rounds::default(),
        many_hosts: Rounds::default(),
        seconds: options.seconds,
    };
    type Scenario = fn(&Fixture, &[Server]) -> Result<CreateBookings>;
    let scenarios: [(bool, &str, Scenario); 2] =
        [(false, "one host", Fixture::create_bookings), (true, "many hosts", Fixture::create_for_hosts)];
    for round in 1..=ROUNDS {
        for (many, creates, scenario) in scenarios {
            // Which side goes first alternates too: one, spread; spread, one; one, spread.
            for first in [round % 2 == 1, round % 2 == 0] {
                let (name, to) = if first { ("one instance", single) } else { ("spread", servers) };
                let outcome = measure(
                    &format!("scale-out: {creates}, {name}, round {round}"),
                    client,
                    scenario(fixture, to)?,
                    c,
                    duration,
                )
                .await?;
                ensure!(outcome.errors == 0, "errors in the scale-out rounds: {:?}", outcome.error_samples);
                let rounds = if many { &mut report.many_hosts } else { &mut report.one_host };
                if first { &mut rounds.one } else { &mut rounds.spread }.push(outcome.rps());
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_compares_medians() {
        let one_host = Rounds { one: vec![100.0, 1.0, 90.0], spread: vec![95.0, 99.0, 10.0] };
        assert!((one_host.ratio() - 95.0 / 90.0).abs() < 1e-9, "{}", one_host.ratio());
        let many_hosts = Rounds { one: vec![10.0, 20.0, 15.0], spread: vec![5.0, 30.0, 6.0] };
        assert!((many_hosts.ratio() - 6.0 / 15.0).abs() < 1e-9, "{}", many_hosts.ratio());
    }
}
