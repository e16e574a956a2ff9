//! bench/rust_mpsc/main.rs: Rust's std::sync::mpsc as a peer of interleave_bench_channels
//! (bench/README.md, "Rust std::mpsc"). std only, one file: `rustc -O --edition 2021 main.rs`.
//!
//! The workloads of channels_throughput.cpp and channels_memory.cpp, run the same way:
//! - `throughput/<shape>/<flavor>/rust/real_time`: shape spsc (1 producer) or mpsc4 (4); flavor
//!   unbounded (`mpsc::channel`), bounded1024 (`mpsc::sync_channel(1024)`) or rendezvous
//!   (`mpsc::sync_channel(0)`). Per benchmark run the channel and the producer threads are made
//!   once; each iteration releases the producers (a generation counter; each producer is
//!   unparked) and the main thread, the one consumer, receives --batch messages (65536;
//!   --rendezvous-batch, 4096, for rendezvous), each producer sending batch / producers. Timed:
//!   the release plus the whole transfer, wall clock. items_per_second = iterations x messages
//!   / seconds.
//! - `memory/<flavor>/rust/M:<M>/k:<k>`: one thread sends M messages through a fresh unbounded
//!   or bounded(1024) channel in lockstep batches of k (send k, receive those k). Counted by
//!   this program's global allocator (glibc's malloc_usable_size of each block, as
//!   heap_counter.cpp counts): peak_heap_bytes (most bytes live at once above what was live
//!   before the channel was made), bytes_per_buffered = peak_heap_bytes / k, retained_bytes
//!   (live once all M are received, channel alive).
//!
//! Every message is `tag(producer, seq)` and checked on arrival as bench/verify.hpp does: each
//! producer's messages exactly 0, 1, 2, ... over the benchmark run, and each producer's count
//! what it sent. A failed check makes the benchmark an error, never a number.
//!
//! Like Google Benchmark, a benchmark runs with 1 iteration, then with more, predicted as Google
//! Benchmark 1.7.1 predicts them, until a run lasts --min-time seconds (default 0.5); that run
//! is reported. --repetitions N (default 1) repeats each benchmark; all (benchmark, repetition)
//! pairs run in random order. The counts are the C++ program's unless changed (the CTest test
//! bench_rust_mpsc_verifies_its_work uses tiny ones): --batch, --rendezvous-batch,
//! --memory-messages M,... (10000,1000000), --memory-buffered K,... (100,1000; each at most
//! 1024, so a lockstep batch fits the bounded channel). Output on stdout: one JSON document
//! shaped like Google Benchmark's --benchmark_out (context; one "benchmarks" entry per
//! benchmark and repetition), so scripts/bench reads both programs alike; progress on stderr.
//! With --self-test it runs only a deliberately broken channel that must fail its check. Exit
//! status: 0, or 1 when a benchmark failed its check (each named on stderr), or 2 for a bad
//! argument.
use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

// --- heap counting: heap_counter.cpp's definition, for Rust's allocations -------------------

extern "C" {
    fn malloc_usable_size(ptr: *mut c_void) -> usize; // glibc: System allocates with malloc
}

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

/// System's allocator, counting each block's usable size while a `Counting` scope lives.
struct CountingAllocator;

fn count_alloc(p: *mut u8) {
    if p.is_null() || !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    let size = unsafe { malloc_usable_size(p.cast()) } as i64;
    let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn count_free(p: *mut u8) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(
            unsafe { malloc_usable_size(p.cast()) } as i64,
            Ordering::Relaxed,
        );
    }
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        count_alloc(p);
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        count_alloc(p);
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        count_free(p);
        System.dealloc(p, layout);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_free(p);
        let q = System.realloc(p, layout, new_size);
        count_alloc(if q.is_null() { p } else { q }); // on failure the old block stays
        q
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Counting is on while one of these lives (one at a time), from live = peak = 0.
struct Counting;

impl Counting {
    fn start() -> Counting {
        LIVE.store(0, Ordering::Relaxed);
        PEAK.store(0, Ordering::Relaxed);
        COUNTING.store(true, Ordering::SeqCst);
        Counting
    }
}

impl Drop for Counting {
    fn drop(&mut self) {
        COUNTING.store(false, Ordering::SeqCst);
    }
}

// --- messages that say who sent them (verify.hpp) --------------------------------------------

const SEQ_BITS: u32 = 48;
const SEQ_MASK: u64 = (1 << SEQ_BITS) - 1;

/// The message `seq` (below 2^48) of producer `producer` (below 2^16).
fn tag(producer: usize, seq: u64) -> u64 {
    ((producer as u64) << SEQ_BITS) | seq
}

/// The consumer's check: verify.hpp's sequence_check.
struct SequenceCheck {
    next: Vec<u64>,
    wrong: u64,
    first_wrong: String,
}

impl SequenceCheck {
    fn new(producers: usize) -> SequenceCheck {
        SequenceCheck {
            next: vec![0; producers],
            wrong: 0,
            first_wrong: String::new(),
        }
    }

    fn see(&mut self, m: u64) {
        let (p, seq) = ((m >> SEQ_BITS) as usize, m & SEQ_MASK);
        match self.next.get_mut(p) {
            Some(next) if *next == seq => *next += 1,
            _ => self.wrong(p, seq),
        }
    }

    #[cold]
    #[inline(never)]
    fn wrong(&mut self, p: usize, seq: u64) {
        if self.wrong == 0 {
            self.first_wrong = match self.next.get(p) {
                None => format!("a message from producer {p}, which does not exist"),
                Some(&next) => format!(
                    "producer {p}: expected message {next}, got {seq}{}",
                    if seq < next {
                        " (a duplicate)"
                    } else {
                        " (one or more lost)"
                    }
                ),
            };
        }
        self.wrong += 1;
        if let Some(next) = self.next.get_mut(p) {
            *next = seq + 1; // resynchronise: each fault counts once
        }
    }

    /// Ok when every producer's messages all came, each once and in order: `sent` each.
    fn result(&self, sent: u64) -> Result<(), String> {
        if self.wrong != 0 {
            return Err(format!(
                "{} message(s) out of sequence, the first: {}",
                self.wrong, self.first_wrong
            ));
        }
        match self.next.iter().position(|&n| n != sent) {
            Some(p) => Err(format!(
                "producer {p}: received {} messages of {sent} sent",
                self.next[p]
            )),
            None => Ok(()),
        }
    }
}

// --- channels --------------------------------------------------------------------------------

/// A producer's handle. A send cannot fail here (the receiver outlives every sender); if it
/// does the benchmark is wrong, and the process aborts as channel_adapters.hpp's does.
trait Tx: Clone + Send + 'static {
    fn put(&self, m: u64);
}

impl Tx for mpsc::Sender<u64> {
    fn put(&self, m: u64) {
        if self.send(m).is_err() {
            std::process::abort();
        }
    }
}

impl Tx for mpsc::SyncSender<u64> {
    fn put(&self, m: u64) {
        if self.send(m).is_err() {
            std::process::abort();
        }
    }
}

/// The self-test's broken channel (faulty_channel.hpp's fault): producer 0's tenth message is
/// lost and producer 1's tenth delivered twice, so the count of messages is still right.
#[derive(Clone)]
struct LosesOneDuplicatesOne(mpsc::Sender<u64>);

impl Tx for LosesOneDuplicatesOne {
    fn put(&self, m: u64) {
        if m != tag(0, 9) {
            self.0.put(m);
        }
        if m == tag(1, 9) {
            self.0.put(m);
        }
    }
}

fn recv(rx: &mpsc::Receiver<u64>) -> u64 {
    rx.recv().unwrap_or_else(|_| std::process::abort()) // no sender leaves early
}

#[derive(Clone, Copy)]
enum Flavor {
    Unbounded,
    Bounded(usize), // 0: rendezvous
    SelfTest,       // unbounded, through LosesOneDuplicatesOne
}

// --- the scenarios -----------------------------------------------------------------------------

/// What one run of a benchmark measured.
struct Run {
    iterations: u64,
    seconds: f64,
    items: u64,
    memory: Option<Memory>,
}

/// The memory scenario's counters (channels_memory.cpp), in bytes.
struct Memory {
    peak: i64,       // peak_heap_bytes
    retained: i64,   // retained_bytes
    buffered: usize, // k: bytes_per_buffered = peak / k
}

/// One throughput run of `iterations` (channels_throughput.cpp's driver).
fn throughput(
    flavor: Flavor,
    producers: usize,
    batch: usize,
    iterations: u64,
) -> Result<Run, String> {
    match flavor {
        Flavor::Unbounded => {
            let (tx, rx) = mpsc::channel();
            transfer(tx, rx, producers, batch, iterations)
        }
        Flavor::Bounded(capacity) => {
            let (tx, rx) = mpsc::sync_channel(capacity);
            transfer(tx, rx, producers, batch, iterations)
        }
        Flavor::SelfTest => {
            let (tx, rx) = mpsc::channel();
            transfer(LosesOneDuplicatesOne(tx), rx, producers, batch, iterations)
        }
    }
}

fn transfer<T: Tx>(
    tx: T,
    rx: mpsc::Receiver<u64>,
    producers: usize,
    batch: usize,
    iterations: u64,
) -> Result<Run, String> {
    let per_producer = batch / producers;
    let total = per_producer * producers;
    // Bumped by the consumer to release one batch; `stop` is read after each release.
    let generation = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..producers)
        .map(|p| {
            let (tx, generation, stop) = (tx.clone(), generation.clone(), stop.clone());
            thread::spawn(move || {
                let mut seen = 0;
                let mut seq = 0; // this producer's sequence, continued from batch to batch
                loop {
                    while generation.load(Ordering::Acquire) == seen {
                        thread::park(); // unpark's token makes a wake-up before park count
                    }
                    seen = generation.load(Ordering::Acquire);
                    if stop.load(Ordering::Acquire) {
                        return;
                    }
                    for _ in 0..per_producer {
                        tx.put(tag(p, seq));
                        seq += 1;
                    }
                }
            })
        })
        .collect();
    drop(tx); // the producers hold the only senders
    let release = || {
        generation.fetch_add(1, Ordering::Release);
        threads.iter().for_each(|t| t.thread().unpark());
    };

    let mut check = SequenceCheck::new(producers);
    let start = Instant::now();
    for _ in 0..iterations {
        release();
        for _ in 0..total {
            check.see(recv(&rx));
        }
    }
    let seconds = start.elapsed().as_secs_f64();

    stop.store(true, Ordering::Release);
    release();
    for t in threads {
        t.join().expect("a producer panicked");
    }
    check.result(iterations * per_producer as u64)?;
    Ok(Run {
        iterations,
        seconds,
        items: iterations * total as u64,
        memory: None,
    })
}

/// One memory run of `iterations` (channels_memory.cpp's scenario) through an unbounded
/// (`capacity` None) or a bounded channel, fresh each iteration; one producer, whose sequence
/// runs on over all of them.
fn memory(
    capacity: Option<usize>,
    messages: usize,
    k: usize,
    iterations: u64,
) -> Result<Run, String> {
    let mut check = SequenceCheck::new(1);
    let mut seq = 0;
    let (mut peak, mut retained) = (0, 0);
    let start = Instant::now();
    for _ in 0..iterations {
        let counting = Counting::start();
        let live = match capacity {
            None => lockstep(mpsc::channel(), messages, k, &mut seq, &mut check),
            Some(c) => lockstep(mpsc::sync_channel(c), messages, k, &mut seq, &mut check),
        };
        retained = retained.max(live);
        peak = peak.max(PEAK.load(Ordering::Relaxed));
        drop(counting);
    }
    let seconds = start.elapsed().as_secs_f64();
    check.result(iterations * messages as u64)?;
    Ok(Run {
        iterations,
        seconds,
        items: iterations * messages as u64,
        memory: Some(Memory {
            peak,
            retained,
            buffered: k,
        }),
    })
}

/// Sends `messages` in lockstep batches of `k`; returns the bytes live once all are received,
/// with the channel still alive (it is dropped on return).
fn lockstep<T: Tx>(
    (tx, rx): (T, mpsc::Receiver<u64>),
    messages: usize,
    k: usize,
    seq: &mut u64,
    check: &mut SequenceCheck,
) -> i64 {
    let mut sent = 0;
    while sent < messages {
        let n = k.min(messages - sent);
        for _ in 0..n {
            tx.put(tag(0, *seq));
            *seq += 1;
        }
        for _ in 0..n {
            check.see(recv(&rx));
        }
        sent += n;
    }
    LIVE.load(Ordering::Relaxed)
}

// --- running like Google Benchmark -------------------------------------------------------------

const MAX_ITERATIONS: u64 = 1_000_000_000;

/// Runs with growing iteration counts until one run lasts `min_time` seconds, and returns that
/// run (Google Benchmark 1.7.1's BenchmarkRunner: PredictNumItersNeeded, real time). Each run
/// starts afresh, as each of Google Benchmark's calls of a benchmark function does.
fn measure(min_time: f64, run: impl Fn(u64) -> Result<Run, String>) -> Result<Run, String> {
    let mut iterations = 1;
    loop {
        let r = run(iterations)?;
        if r.seconds >= min_time || iterations >= MAX_ITERATIONS {
            return Ok(r);
        }
        let multiplier = if r.seconds / min_time > 0.1 {
            min_time * 1.4 / r.seconds.max(1e-9)
        } else {
            10.0
        };
        let next = (multiplier * iterations as f64)
            .max(iterations as f64 + 1.0)
            .round();
        iterations = (next as u64).min(MAX_ITERATIONS);
    }
}

struct Benchmark {
    name: String,
    run: Box<dyn Fn(u64) -> Result<Run, String>>,
}

struct Options {
    repetitions: usize,
    min_time: f64,
    batch: usize,
    rendezvous_batch: usize,
    memory_messages: Vec<usize>,
    memory_buffered: Vec<usize>,
    self_test: bool,
}

const BOUNDED_CAPACITY: usize = 1024;

fn benchmarks(o: &Options) -> Vec<Benchmark> {
    let mut all = Vec::new();
    let mut add = |name: String, run: Box<dyn Fn(u64) -> Result<Run, String>>| {
        all.push(Benchmark { name, run })
    };
    if o.self_test {
        let batch = o.batch;
        add(
            "throughput/mpsc4/self-test/rust-loses-one-duplicates-one/real_time".into(),
            Box::new(move |n| throughput(Flavor::SelfTest, 4, batch, n)),
        );
        return all;
    }
    for (shape, producers) in [("spsc", 1), ("mpsc4", 4)] {
        for (flavor, f, batch) in [
            ("unbounded", Flavor::Unbounded, o.batch),
            ("bounded1024", Flavor::Bounded(BOUNDED_CAPACITY), o.batch),
            ("rendezvous", Flavor::Bounded(0), o.rendezvous_batch),
        ] {
            add(
                format!("throughput/{shape}/{flavor}/rust/real_time"),
                Box::new(move |n| throughput(f, producers, batch, n)),
            );
        }
    }
    for (flavor, capacity) in [("unbounded", None), ("bounded1024", Some(BOUNDED_CAPACITY))] {
        for &m in &o.memory_messages {
            for &k in &o.memory_buffered {
                add(
                    format!("memory/{flavor}/rust/M:{m}/k:{k}"),
                    Box::new(move |n| memory(capacity, m, k, n)),
                );
            }
        }
    }
    all
}

// --- output ------------------------------------------------------------------------------------

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out + "\""
}

/// One "benchmarks" entry, in Google Benchmark's JSON form.
fn entry(name: &str, repetitions: usize, index: usize, result: &Result<Run, String>) -> String {
    let head = format!(
        "\"name\": {n}, \"run_name\": {n}, \"run_type\": \"iteration\", \
         \"repetitions\": {repetitions}, \"repetition_index\": {index}",
        n = json_string(name)
    );
    match result {
        Err(e) => format!(
            "{{{head}, \"error_occurred\": true, \"error_message\": {}}}",
            json_string(e)
        ),
        Ok(r) => {
            let mut fields = format!(
                "{head}, \"iterations\": {}, \"real_time\": {:e}, \"time_unit\": \"ms\", \
                 \"items_per_second\": {:e}",
                r.iterations,
                r.seconds * 1e3 / r.iterations as f64,
                r.items as f64 / r.seconds
            );
            if let Some(m) = &r.memory {
                fields += &format!(
                    ", \"peak_heap_bytes\": {}, \"bytes_per_buffered\": {:e}, \
                     \"retained_bytes\": {}",
                    m.peak,
                    m.peak as f64 / m.buffered as f64,
                    m.retained
                );
            }
            format!("{{{fields}}}")
        }
    }
}

// --- main --------------------------------------------------------------------------------------

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        repetitions: 1,
        min_time: 0.5,
        batch: 1 << 16,
        rendezvous_batch: 1 << 12,
        memory_messages: vec![10_000, 1_000_000],
        memory_buffered: vec![100, 1000],
        self_test: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let flag = flag.as_str();
        if flag == "--self-test" {
            o.self_test = true;
            continue;
        }
        let value = match flag {
            "--repetitions" | "--min-time" | "--batch" | "--rendezvous-batch"
            | "--memory-messages" | "--memory-buffered" => {
                it.next().ok_or(format!("{flag} needs a value"))?
            }
            _ => return Err(format!("unknown argument {flag}")),
        };
        let number = |v: &str| {
            v.parse::<usize>()
                .map_err(|_| format!("{flag} {value}: not a count"))
        };
        let list = || value.split(',').map(number).collect::<Result<Vec<_>, _>>();
        match flag {
            "--repetitions" => o.repetitions = number(value)?,
            "--min-time" => {
                o.min_time = value
                    .parse()
                    .ok()
                    .filter(|&t: &f64| t > 0.0)
                    .ok_or(format!("{flag} {value}: not a positive number of seconds"))?
            }
            "--batch" => o.batch = number(value)?,
            "--rendezvous-batch" => o.rendezvous_batch = number(value)?,
            "--memory-messages" => o.memory_messages = list()?,
            _ => o.memory_buffered = list()?, // --memory-buffered
        }
    }
    if o.repetitions == 0 || o.batch < 4 || o.rendezvous_batch < 4 {
        return Err(
            "--repetitions must be at least 1, and each batch at least 4 (one per producer)".into(),
        );
    }
    // A lockstep batch larger than the bounded channel would block its only thread.
    if o.memory_buffered
        .iter()
        .any(|&k| k == 0 || k > BOUNDED_CAPACITY)
    {
        return Err(format!(
            "--memory-buffered: each k must be 1..={BOUNDED_CAPACITY}"
        ));
    }
    Ok(o)
}

/// A small xorshift generator, seeded from the clock: the order of the runs, nothing else.
fn shuffle<T>(items: &mut [T]) {
    let mut x = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    for i in (1..items.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        items.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

const USAGE: &str = "usage: rust_mpsc [--repetitions N] [--min-time SECONDS] [--batch N] \
                     [--rendezvous-batch N] [--memory-messages M,...] [--memory-buffered K,...] \
                     [--self-test]";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("rust_mpsc: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let benchmarks = benchmarks(&o);
    let mut order: Vec<(usize, usize)> = (0..benchmarks.len())
        .flat_map(|b| (0..o.repetitions).map(move |r| (b, r)))
        .collect();
    shuffle(&mut order);

    let mut entries = Vec::new();
    let mut failures = Vec::new();
    for (b, repetition) in order {
        let bench = &benchmarks[b];
        let result = measure(o.min_time, &bench.run);
        match &result {
            Ok(r) => eprintln!(
                "{:<55} {:>12.3} ms {:>12} iterations {:>10.3} M items/s",
                bench.name,
                r.seconds * 1e3 / r.iterations as f64,
                r.iterations,
                r.items as f64 / r.seconds / 1e6
            ),
            Err(e) => {
                eprintln!("{:<55} ERROR OCCURRED: '{e}'", bench.name);
                failures.push(format!("{}: {e}", bench.name));
            }
        }
        entries.push(entry(&bench.name, o.repetitions, repetition, &result));
    }

    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "{{\"context\": {{\"executable\": {}, \"num_cpus\": {cpus}, \"min_time\": {}}},\n\
         \"benchmarks\": [\n{}\n]}}",
        json_string(&std::env::args().next().unwrap_or_default()),
        o.min_time,
        entries.join(",\n")
    );
    if !failures.is_empty() {
        eprintln!(
            "FAILED: {} benchmark failure(s); these numbers are not to be used:",
            failures.len()
        );
        failures.iter().for_each(|f| eprintln!("  {f}"));
        std::process::exit(1);
    }
}
