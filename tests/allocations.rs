//! The core's step, its history recording and the page model allocate nothing per
//! step once the run's buffers are full (a counting global allocator, per thread), in
//! every registered lesson.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use gdlab::app::{App, Defaults, Msg, Scene, UNIT_SAMPLES};
use gdlab::config::parse_query;
use gdlab::page::Page;
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
    for scene in Scene::ALL {
        let (config, notices) = parse_query(&format!("scene={}&lr=0.0001&speed=1000", scene.key()));
        let defaults = Defaults {
            unit_samples: [0.25; UNIT_SAMPLES],
            language: Language::English,
        };
        let mut app = App::new(&config, notices, defaults);
        app.update(Msg::SelectScene(scene));
        // Warm up with frames of play until every bounded buffer (log, timeline,
        // histories) is full, then step one at a time: a run that converges pauses
        // Play, but Step goes on stepping.
        app.update(Msg::TogglePlay);
        app.update(Msg::Tick(0.0));
        while app.steps() < 20_000 {
            app.update(Msg::StepOnce);
        }
        let before = allocations();
        let mut pages = 0;
        for _ in 0..50_000 {
            app.update(Msg::StepOnce);
            // The page model of every frame is computed without allocating too.
            pages += std::hint::black_box(Page::of(&app)).steps;
        }
        let during = allocations() - before;
        assert!(pages > 0);
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
