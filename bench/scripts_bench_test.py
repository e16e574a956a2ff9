#!/usr/bin/env python3
"""Checks scripts/bench's tables without running a benchmark (the CTest test
bench_script_prints_the_rust_column): results written as scripts/bench writes them, one entry
per round, read back and printed. With Rust results the tables have a "rust std::mpsc" column,
ratios interleave / rust, issue 16's bars and Rust's bytes per buffered value beside
interleave's; without them (no rustc) they say so and have no Rust column; a failed Rust
benchmark is an error cell and a failure; and a results file of the C++ program alone, with
Google Benchmark's own aggregates, still prints (--from-json of an earlier run).

Usage: scripts_bench_test.py   (finds scripts/bench beside this folder)
"""
import importlib.machinery
import importlib.util
import json
import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_script():
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree's scripts/
    loader = importlib.machinery.SourceFileLoader("scripts_bench", os.path.join(ROOT, "scripts",
                                                                                  "bench"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


bench = load_script()
CONTEXT = {"date": "2026-11-29T00:00:00+00:00", "host_name": "vm", "num_cpus": 2,
           "mhz_per_cpu": 2596, "library_build_type": "debug"}


def throughput(shape, flavor, peer, rates):
    """One program's entries of one benchmark, a rate per round: [(round, entry)]."""
    name = f"throughput/{shape}/{flavor}/{peer}/real_time"
    return [(i, {"name": name, "run_name": name, "run_type": "iteration",
                 "items_per_second": r}) for i, r in enumerate(rates)]


def memory(flavor, peer, m, k, peak):
    name = f"memory/{flavor}/{peer}/M:{m}/k:{k}"
    return [(0, {"name": name, "run_name": name, "run_type": "iteration",
                 "items_per_second": 1e6, "peak_heap_bytes": peak,
                 "bytes_per_buffered": peak / k, "retained_bytes": 1000})]


def parts(cpp, rust):
    """scripts/bench's [(program, round, its JSON)] of the entries [(round, entry)] given."""
    out = []
    for program, entries in [("cpp", cpp), ("rust", rust)]:
        for i in sorted({i for i, _ in entries}):
            data = {"benchmarks": [e for j, e in entries if j == i]}
            if program == "cpp":
                data["context"] = CONTEXT
            out.append((program, i, data))
    return out


def printed(results):
    """The tables scripts/bench prints for `results` (a results file's JSON), and its runs."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "channels.json")
        with open(path, "w") as f:
            json.dump(results, f)
        context, runs = bench.load(path)
        return bench.tables(context, runs, None, path), runs


def cpp_results():
    entries = []
    for shape in bench.SHAPES:
        for flavor in bench.FLAVORS:
            entries += throughput(shape, flavor, "interleave", [200e6, 300e6, 100e6])
            entries += throughput(shape, flavor, "textbook", [50e6, 50e6, 50e6])
    entries += memory("unbounded", "interleave", 10000, 100, 2824)
    entries += memory("bounded1024", "interleave", 10000, 100, 16800)
    return entries


def rust_results(spsc_unbounded=(100e6, 100e6, 100e6)):
    entries = []
    for shape in bench.SHAPES:
        for flavor in bench.FLAVORS:
            rates = spsc_unbounded if (shape, flavor) == ("spsc", "unbounded") else [400e6] * 3
            entries += throughput(shape, flavor, "rust", rates)
    entries += memory("unbounded", "rust", 10000, 100, 3040)
    entries += memory("bounded1024", "rust", 10000, 100, 17040)
    return entries


def row(text, start):
    return next(line for line in text.splitlines() if line.startswith(start))


class Tables(unittest.TestCase):
    def test_rust_column_ratios_bars_and_memory(self):
        text, runs = printed(bench.merged(parts(cpp_results(), rust_results()), 3, "rustc 1.95.0"))
        self.assertIn("Rust peer: std::sync::mpsc, rustc 1.95.0", text)
        self.assertEqual(
            row(text, "| scenario | interleave"),
            "| scenario | interleave | textbook | boost | tbb | moodycamel | rust std::mpsc |")
        # Medians over the rounds: interleave 200 M/s (cv 50%), rust 100 M/s.
        self.assertEqual(row(text, "| spsc unbounded | 200.00 M/s")
                         .split(" | ")[-1], "100.00 M/s (cv 0%) |")
        self.assertIn("| vs rust std::mpsc |", row(text, "| scenario | vs"))
        self.assertTrue(row(text, "| spsc unbounded | 4.00x").endswith("| 2.00x |"))
        self.assertTrue(row(text, "| mpsc4 rendezvous | 4.00x").endswith("| 0.50x |"))
        self.assertIn("- every shape at least 1.0x: MISSED on spsc bounded1024 (0.50x)", text)
        self.assertIn("- SPSC shapes at least 1.5x: MISSED on spsc bounded1024 (0.50x)", text)
        self.assertIn("| rust std::mpsc | bounded1024 | 10,000 | 100 | 17040 | 170.40 | 1000 |",
                      text)
        self.assertIn("| flavor | M (messages) | k (buffered) | interleave | rust std::mpsc |",
                      text)
        self.assertIn("| unbounded | 10,000 | 100 | 28.24 | 30.40 |", text)
        self.assertIn("| bounded1024 | 10,000 | 100 | 168.00 | 170.40 |", text)
        self.assertEqual(bench.failures(runs), [])

    def test_without_rustc_no_rust_column(self):
        text, _ = printed(bench.merged(parts(cpp_results(), []), 3, None))
        self.assertIn("rustc not found: Rust std::mpsc column skipped", text)
        self.assertNotIn("rust", row(text, "| scenario | interleave"))
        self.assertNotIn("issue 16", text)

    def test_a_failed_rust_benchmark_is_an_error(self):
        rust = rust_results()
        name = "throughput/spsc/unbounded/rust/real_time"
        rust.append((1, {"name": name, "run_name": name, "run_type": "iteration",
                         "error_occurred": True, "error_message": "producer 0: lost"}))
        text, runs = printed(bench.merged(parts(cpp_results(), rust), 3, "rustc 1.95.0"))
        self.assertTrue(row(text, "| spsc unbounded | 200.00 M/s")
                        .endswith("| error: producer 0: lost |"))
        self.assertTrue(row(text, "| spsc unbounded | 4.00x").endswith("| error |"))
        self.assertEqual(bench.failures(runs), [f"{name}: producer 0: lost"])
        self.assertIn("- SPSC shapes at least 1.5x: MISSED on spsc bounded1024 (0.50x), "
                      "spsc rendezvous (0.50x) (spsc bounded1024 0.50x", text)

    def test_a_bar_is_not_met_by_shapes_not_measured(self):
        rust = [(i, e) for i, e in rust_results() if "/spsc/" in e["name"]]
        cpp = [(i, e) for i, e in cpp_results() if "/spsc/unbounded/" in e["name"]]
        text, _ = printed(bench.merged(parts(cpp, rust), 3, "rustc 1.95.0"))
        self.assertIn("- SPSC shapes at least 1.5x: not judged (2 not measured) "
                      "(spsc unbounded 2.00x)", text)

    def test_google_benchmark_aggregates_still_print(self):
        name = "throughput/spsc/unbounded/interleave/real_time"
        results = {"context": CONTEXT, "benchmarks": [
            {"name": name, "run_name": name, "run_type": "iteration", "items_per_second": 1e6},
            {"name": name + "_median", "run_name": name, "run_type": "aggregate",
             "aggregate_name": "median", "items_per_second": 96.04e6},
            {"name": name + "_cv", "run_name": name, "run_type": "aggregate",
             "aggregate_name": "cv", "items_per_second": 0.15}]}
        text, _ = printed(results)
        self.assertIn("| spsc unbounded | 96.04 M/s (cv 15%) |", text)
        self.assertNotIn("rust", text)


if __name__ == "__main__":
    unittest.main()
