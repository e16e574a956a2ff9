// interleave-merge: the harness (interleave::harness brings main() and the command line) with no
// model or property registered. Its use is `interleave-merge merge ...`: joining the reports of
// sharded runs without building any model. `list` and `run` have nothing to show.
