//! The registry: every lesson, one line each. The only `match` on the scene is here.
//!
//! Adding a lesson: write its module (implement [`Lesson`]), add its variant to
//! [`Scene`] in `vocabulary.rs`, and add one line to the `registry!` call below. The
//! app, the page model, the URL, the CSV and the web layer then reach it through
//! [`AnyRun`]; the page needs its tab and panel (`tab-<key>`, `panel-<key>`).

pub mod batch;
pub mod field;
pub mod neuron;
pub mod race;

use crate::lesson::{AnyRun, Lesson, Run, UNIT_SAMPLES};
use crate::vocabulary::{Parameter, Scene};

macro_rules! registry {
    ($($scene:ident => $name:ident: $lesson:ty;)*) => {
        /// Every lesson's run; each keeps its state while another lesson is shown.
        #[derive(Clone, Debug)]
        pub struct Lessons {
            $(pub $name: Run<$lesson>,)*
        }

        /// What the URL says about each lesson's start.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Settings {
            $(pub $name: <$lesson as Lesson>::Settings,)*
        }

        impl Lessons {
            /// Every lesson from its settings, `unit_samples` for what they leave to
            /// chance, and `learning_rate` for the lesson `scene` (the others start at
            /// their own default).
            pub fn new(
                settings: &Settings,
                unit_samples: &[f64; UNIT_SAMPLES],
                scene: Scene,
                learning_rate: Option<f64>,
            ) -> Self {
                Self {
                    $($name: Run::new(
                        <$lesson as Lesson>::start_from(&settings.$name, unit_samples),
                        learning_rate
                            .filter(|_| scene == Scene::$scene)
                            .unwrap_or(<$lesson as Lesson>::DEFAULT_LEARNING_RATE),
                    ),)*
                }
            }

            pub fn run(&self, scene: Scene) -> &dyn AnyRun {
                match scene {
                    $(Scene::$scene => &self.$name,)*
                }
            }

            pub fn run_mut(&mut self, scene: Scene) -> &mut dyn AnyRun {
                match scene {
                    $(Scene::$scene => &mut self.$name,)*
                }
            }

            /// Every run, in the order of the tabs.
            pub fn all(&self) -> impl Iterator<Item = &dyn AnyRun> {
                [$(&self.$name as &dyn AnyRun,)*].into_iter()
            }
        }

        impl Settings {
            /// Reads one URL parameter: `None` if no lesson owns it, else whether its
            /// value was valid.
            /// Lessons may share a name (`w=` is three numbers for the neuron and six for
            /// the sigmoid layer): the value is valid if any lesson owning it takes it.
            pub fn read(&mut self, parameter: Parameter, value: &str) -> Option<bool> {
                let mut owned: Option<bool> = None;
                $(if let Some(valid) = <$lesson as Lesson>::read_setting(&mut self.$name, parameter, value) {
                    owned = Some(owned == Some(true) || valid);
                })*
                owned
            }
        }

        #[cfg(test)]
        const REGISTERED: &[Scene] = &[$(Scene::$scene,)*];
    };
}

registry! {
    Field => field: field::Field;
    Neuron => neuron: neuron::Neuron;
    Layer => layer: batch::Batch<crate::batch::SigmoidLayer>;
    Network => network: batch::Batch<crate::batch::HiddenNetwork>;
    Optimizers => optimizers: race::Optimizers;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scene_is_registered_once_in_tab_order() {
        assert_eq!(REGISTERED, Scene::ALL);
        let lessons = Lessons::new(
            &Settings::default(),
            &[0.5; UNIT_SAMPLES],
            Scene::Field,
            None,
        );
        for scene in Scene::ALL {
            assert_eq!(lessons.run(scene).scene(), scene);
        }
        let order: Vec<Scene> = lessons.all().map(|run| run.scene()).collect();
        assert_eq!(order, Scene::ALL);
    }
}
