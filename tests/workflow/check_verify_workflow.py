#!/usr/bin/env python3
"""Checks .github/workflows/verify.yml, the gate of a pull request, by parsing it.

The shard job runs one shard per matrix entry, the entries exactly 0..N-1 for the N it gives
GTEST_TOTAL_SHARDS (a missing entry would leave pieces unsearched, and merge would refuse; a
duplicate would overlap), never cancels the others when one fails, and uploads its results.json
whatever its exit status. The report job waits for every shard, runs even when one failed, builds
only interleave_merge with the models off (it does not rebuild the suite), and merges every
shard's results.json; its exit status is the gate.

Usage: check_verify_workflow.py WORKFLOW [SHARDS]   (SHARDS: the count the workflow must run)
       check_verify_workflow.py --self-test WORKFLOW  (each known way to break it is caught)
"""
import copy
import re
import sys

import yaml


def steps_running(job, pattern):
    return [s for s in job.get("steps", []) if re.search(pattern, s.get("run", ""))]


def problems_of(workflow, shards):
    found = []
    jobs = workflow.get("jobs", {})
    shard, report = jobs.get("shard"), jobs.get("report")
    if shard is None or report is None:
        return ["the workflow has no 'shard' or no 'report' job"]

    strategy = shard.get("strategy", {})
    matrix = strategy.get("matrix", {}).get("shard")
    if strategy.get("fail-fast", True) is not False:
        found.append("shard: strategy.fail-fast is not false (one failing shard cancels the others)")
    runs = steps_running(shard, r"interleave run\b")
    if len(runs) != 1:
        found.append(f"shard: {len(runs)} steps run `interleave run` (one expected)")
    else:
        env = runs[0].get("env", {})
        total = env.get("GTEST_TOTAL_SHARDS")
        if str(env.get("GTEST_SHARD_INDEX", "")).replace(" ", "") != "${{matrix.shard}}":
            found.append("shard: GTEST_SHARD_INDEX is not the matrix's shard")
        if not isinstance(total, int) or total != shards:
            found.append(f"shard: GTEST_TOTAL_SHARDS is {total!r}, not {shards}")
        if matrix != list(range(shards)):
            found.append(f"shard: the matrix runs shards {matrix}, not exactly 0..{shards - 1}")
        if "--report-dir reports" not in runs[0]["run"]:
            found.append("shard: `interleave run` writes no reports into reports/")
    uploads = [s for s in shard.get("steps", []) if "upload-artifact" in s.get("uses", "")]
    if not uploads or uploads[0].get("with", {}).get("path") != "reports/results.json":
        found.append("shard: results.json is not uploaded")
    elif uploads[0].get("if") != "always()":
        found.append("shard: results.json is uploaded only when the shard passed")

    needs = report.get("needs")
    if needs != "shard" and needs != ["shard"]:
        found.append("report: it does not wait for the shards (needs: shard)")
    if report.get("if") != "always()":
        found.append("report: it does not run when a shard failed (if: always())")
    builds = steps_running(report, r"cmake --build")
    if len(builds) != 1 or not re.search(r"--target interleave_merge\s*$", builds[0]["run"]) \
            or "-DINTERLEAVE_BUILD_MODELS=OFF" not in builds[0]["run"]:
        found.append("report: it does not build interleave_merge alone, with the models off")
    merges = steps_running(report, r"interleave-merge merge\b")
    if len(merges) != 1 or "shards/*/results.json" not in merges[0]["run"]:
        found.append("report: it does not merge every shard's results.json")
    elif "--allow-partial" in merges[0]["run"]:
        found.append("report: the merge allows a partial set, so a missing shard passes the gate")
    elif merges[0].get("if") is not None or merges[0].get("continue-on-error"):
        found.append("report: the merge's exit status does not decide the job")
    return found


def mutants(workflow):
    """Each known way to break the gate, with what it breaks."""
    def mutate(name, change):
        w = copy.deepcopy(workflow)
        change(w)
        return name, w

    def shard_run(w):
        return steps_running(w["jobs"]["shard"], r"interleave run\b")[0]

    def merge_step(w):
        return steps_running(w["jobs"]["report"], r"interleave-merge merge\b")[0]

    def build_step(w):
        return steps_running(w["jobs"]["report"], r"cmake --build")[0]

    yield mutate("a shard left out of the matrix",
                 lambda w: w["jobs"]["shard"]["strategy"]["matrix"]["shard"].pop())
    yield mutate("a shard twice",
                 lambda w: w["jobs"]["shard"]["strategy"]["matrix"].update(shard=[0, 0, 1, 2]))
    yield mutate("the total wrong",
                 lambda w: shard_run(w)["env"].update(GTEST_TOTAL_SHARDS=3))
    yield mutate("fail-fast", lambda w: w["jobs"]["shard"]["strategy"].pop("fail-fast"))
    yield mutate("upload only on success",
                 lambda w: [s.pop("if", None) for s in w["jobs"]["shard"]["steps"]
                            if "upload-artifact" in s.get("uses", "")])
    yield mutate("report skipped when a shard fails", lambda w: w["jobs"]["report"].pop("if"))
    yield mutate("report builds the models", lambda w: build_step(w).update(
        run=build_step(w)["run"].replace("-DINTERLEAVE_BUILD_MODELS=OFF", "")))
    yield mutate("merge allows partial sets", lambda w: merge_step(w).update(
        run=merge_step(w)["run"].replace("merge ", "merge --allow-partial ", 1)))
    yield mutate("merge cannot fail the job",
                 lambda w: merge_step(w).update({"continue-on-error": True}))


def main(argv):
    if len(argv) >= 2 and argv[1] == "--self-test":
        with open(argv[2]) as f:
            workflow = yaml.safe_load(f)
        shards = len(workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"])
        missed = [name for name, w in mutants(workflow) if not problems_of(w, shards)]
        for name in missed:
            print(f"self-test: the check misses a workflow with {name}")
        return 1 if missed else 0
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        workflow = yaml.safe_load(f)
    shards = int(argv[2]) if len(argv) == 3 else 4
    found = problems_of(workflow, shards)
    for p in found:
        print(f"{argv[1]}: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
