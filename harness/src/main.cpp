// main() for a program made of models: link interleave::harness, as GoogleTest users link
// gtest_main, and the program is the `interleave` command over the models it contains.
#include "interleave/harness/cli.hpp"

int main(int argc, char** argv) { return interleave::harness::run_cli(argc, argv); }
