//! The core's step and its history recording allocate nothing per step once the
//! run's buffers are full (a counting global allocator, per thread).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use gdlab::app::{App, Defaults, Msg, Scene};
use gdlab::config::parse_query;
use gdlab::neuron::Parameters;
use gdlab::text::Language;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.realloc(pointer, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn playing_allocates_nothing_per_step_in_steady_state() {
    for scene in [Scene::Field, Scene::Neuron] {
        let (config, notices) = parse_query("lr=0.0001&speed=1000");
        let defaults = Defaults {
            parameters: Parameters {
                weights: [0.1, 0.2, 0.3],
                bias: 0.4,
            },
            language: Language::English,
        };
        let mut app = App::new(&config, notices, defaults);
        app.update(Msg::SelectScene(scene));
        app.update(Msg::TogglePlay);
        // Warm up until every bounded buffer (log, timeline, histories) is full.
        for _ in 0..20 {
            app.update(Msg::Tick);
        }
        let before = allocations();
        for _ in 0..50 {
            app.update(Msg::Tick);
        }
        let during = allocations() - before;
        assert!(app.playing, "{scene:?} still playing");
        assert_eq!(app.steps(), 70_000);
        assert_eq!(during, 0, "{scene:?}: {during} allocations in 50 000 steps");
    }
}

#[test]
fn the_counter_counts() {
    let before = allocations();
    let boxed = Box::new([0u8; 64]);
    assert!(allocations() > before);
    drop(boxed);
}
