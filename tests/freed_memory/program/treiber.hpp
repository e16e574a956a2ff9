// A Treiber stack whose pop deletes the node it took while another pop may still be reading it
// (no hazard pointers, no deferred reclamation): the textbook use after free. Two threads pop
// from a stack of two; a pop preempted after loading the head reads `next` of a node the other
// pop has already freed. Relacy reports ACCESS TO FREED MEMORY, if it can see it in the unit
// that includes this (after <interleave/model.hpp>).
#pragma once

namespace {

struct treiber_pop_frees_too_early : rl::test_suite<treiber_pop_frees_too_early, 2> {
  struct node {
    int value;
    rl::atomic<node*> next;
  };
  rl::atomic<node*> head;

  void before() {
    node* second = new node{2, {}};
    second->next($).store(nullptr, rl::mo_relaxed);
    node* first = new node{1, {}};
    first->next($).store(second, rl::mo_relaxed);
    head($).store(first, rl::mo_release);
  }
  int pop() {
    node* h = head($).load(rl::mo_acquire);
    while (h != nullptr) {
      node* next = h->next($).load(rl::mo_relaxed);  // h may have been freed by the other pop
      if (head($).compare_exchange_weak(h, next, rl::mo_acq_rel)) {
        const int v = h->value;
        delete h;
        return v;
      }
    }
    return 0;
  }
  void thread(unsigned) { RL_ASSERT(pop() != 0); }
};

}  // namespace
