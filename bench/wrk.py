"""Driving a server with wrk (Debian's package) and reading its figures: what the benchmarks share."""

import json
import subprocess

#: Appended to every wrk script: wrk prints its latency percentiles and counts as one JSON line.
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"p50": %f, "p95": %f, "p99": %f, "requests": %d, "seconds": %f, "errors": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.duration / 1e6,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run(script, url, clients, seconds):
    """One wrk run of `script` against `url`: {p50, p95, p99 (ms), requests, seconds, errors}."""
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(clients, 2)),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def sweep(script, url, seconds, report, clients=(1, 8, 32)):
    """wrk runs at each number of concurrent clients: [(clients, figures)]."""
    rows = []
    for count in clients:
        report(f"  wrk with {count} concurrent client(s) for {seconds} s")
        rows.append((count, run(script, url, count, seconds)))
    return rows
