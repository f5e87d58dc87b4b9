//! Load through [wrk](https://github.com/wg/wrk): a Lua script that cycles
//! through a list of paths (each thread from its own place in the list),
//! and a parser of wrk's report (`Requests/sec`, the `--latency`
//! percentiles, errors).

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The script: paths from the file named by the first argument after `--`.
const SCRIPT: &str = r#"-- written by benches/wrk.rs: GET the paths listed in a file, in turn
local paths = {}
local next_path = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  file:close()
  -- each thread starts somewhere else in the list
  next_path = ((id or 0) * 7919) % #paths
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
"#;

/// What one wrk run measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WrkReport {
    /// Requests a second over the run.
    pub requests_per_sec: f64,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 90th percentile in milliseconds.
    pub p90_ms: f64,
    /// 99th percentile in milliseconds.
    pub p99_ms: f64,
    /// Requests completed.
    pub requests: u64,
    /// Answers that were not 2xx or 3xx.
    pub non_2xx: u64,
    /// Connect, read, write errors and time-outs.
    pub socket_errors: u64,
}

impl WrkReport {
    /// Whether every request was answered with success.
    pub fn clean(&self) -> bool {
        self.non_2xx == 0 && self.socket_errors == 0 && self.requests > 0
    }
}

/// A wrk run's settings.
#[derive(Clone, Debug)]
pub struct Load {
    /// Connections kept open.
    pub connections: usize,
    /// wrk threads.
    pub threads: usize,
    /// How long.
    pub duration: Duration,
    /// Extra request headers (`Name: value`).
    pub headers: Vec<String>,
}

/// Runs wrk and the script files it needs in a directory of their own.
#[derive(Debug)]
pub struct Wrk {
    dir: PathBuf,
    script: PathBuf,
    runs: usize,
}

impl Wrk {
    /// Checks that wrk is installed and writes the script under `dir`.
    pub fn new(dir: &Path) -> Result<Self, String> {
        let version = std::process::Command::new("wrk").arg("--version").output();
        if version.is_err() {
            return Err(
                "wrk is not installed (scripts/bench installs it: apt-get install wrk)".into(),
            );
        }
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let script = dir.join("paths.lua");
        std::fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;
        Ok(Self {
            dir: dir.to_owned(),
            script,
            runs: 0,
        })
    }

    /// GETs `paths` (cycling) on `base` (`http://host:port`) under `load`.
    pub async fn run(
        &mut self,
        base: &str,
        paths: &[String],
        load: &Load,
    ) -> Result<WrkReport, String> {
        let first = paths.first().ok_or("no paths to load")?;
        self.runs += 1;
        let list = self.dir.join(format!("paths-{}.txt", self.runs));
        std::fs::write(&list, paths.join("\n") + "\n")
            .map_err(|e| format!("{}: {e}", list.display()))?;
        let mut command = tokio::process::Command::new("wrk");
        command
            .arg("--latency")
            .arg(format!("-t{}", load.threads.max(1)))
            .arg(format!("-c{}", load.connections.max(load.threads)))
            .arg(format!("-d{}s", load.duration.as_secs().max(1)))
            .arg("--timeout")
            .arg("30s");
        for header in &load.headers {
            command.arg("-H").arg(header);
        }
        command
            .arg("-s")
            .arg(&self.script)
            .arg(format!("{base}{first}"))
            .arg("--")
            .arg(&list)
            .kill_on_drop(true);
        let output = command.output().await.map_err(|e| format!("wrk: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "wrk exited with {}: {}{}",
                output.status,
                stdout,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        parse(&stdout)
    }
}

/// `1.23ms`, `456.00us`, `2.01s`, `1.00m` in milliseconds.
fn millis(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1_000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    Some(number * factor)
}

/// Reads wrk's report (run with `--latency`).
pub fn parse(output: &str) -> Result<WrkReport, String> {
    let mut report = WrkReport::default();
    let mut found_rate = false;
    let mut found_p99 = false;
    for line in output.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", rate] => {
                report.requests_per_sec = rate.parse().map_err(|_| format!("bad rate: {line}"))?;
                found_rate = true;
            }
            [percent @ ("50%" | "90%" | "99%"), value] => {
                let ms = millis(value).ok_or_else(|| format!("bad latency: {line}"))?;
                match *percent {
                    "50%" => report.p50_ms = ms,
                    "90%" => report.p90_ms = ms,
                    _ => {
                        report.p99_ms = ms;
                        found_p99 = true;
                    }
                }
            }
            [count, "requests", "in", ..] => {
                report.requests = count.parse().map_err(|_| format!("bad count: {line}"))?;
            }
            ["Non-2xx", "or", "3xx", "responses:", count] => {
                report.non_2xx = count.parse().map_err(|_| format!("bad count: {line}"))?;
            }
            ["Socket", "errors:", rest @ ..] => {
                // connect 0, read 0, write 0, timeout 0
                report.socket_errors = rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum();
            }
            _ => {}
        }
    }
    if !found_rate || !found_p99 {
        return Err(format!("no rate or p99 in wrk's output:\n{output}"));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Running 10s test @ http://127.0.0.1:8080/healthz
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.23ms  456.00us  20.00ms   90.00%
    Req/Sec    26.00k     2.00k   30.00k    70.00%
  Latency Distribution
     50%  850.00us
     75%    1.40ms
     90%    1.80ms
     99%    1.02s
  520000 requests in 10.00s, 80.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec:  52000.50
Transfer/sec:      8.00MB
";

    #[test]
    fn the_rate_the_percentiles_and_the_errors_are_read_from_wrks_report() {
        let report = parse(SAMPLE).unwrap();
        assert_eq!(report.requests_per_sec, 52_000.5);
        assert!((report.p50_ms - 0.85).abs() < 1e-9);
        assert!((report.p90_ms - 1.8).abs() < 1e-9);
        assert!((report.p99_ms - 1_020.0).abs() < 1e-9);
        assert_eq!(report.requests, 520_000);
        assert_eq!(report.non_2xx, 12);
        assert_eq!(report.socket_errors, 5);
        assert!(!report.clean());
    }

    #[test]
    fn a_report_without_latencies_is_refused() {
        assert!(parse("Requests/sec: 10.0\n").is_err());
    }
}
