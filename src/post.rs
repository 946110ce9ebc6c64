//! What the post printed: the run log of its numpy program (section 4), 34 of its 200
//! lines, read from the same fixture the tests check the lesson against
//! (`tests/fixtures/post_table.txt`), so the page can mark which digits match.

use crate::neuron::Parameters;

/// The post's start: a prediction of 3.35507743 (the random start it printed, to 8
/// decimals), i.e. w = [0 0 0] and b = 3.35507743, at α = 0.001.
pub const POST_START: Parameters = Parameters {
    weights: [0.0; 3],
    bias: 3.35507743,
};
/// The learning rate of the post's program.
pub const POST_LEARNING_RATE: f64 = 0.001;

const TABLE: &str = include_str!("../tests/fixtures/post_table.txt");

/// One printed line, as text: ŷ before, ŷ after, y and C.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrintedLine {
    pub prediction: &'static str,
    pub prediction_after: &'static str,
    pub target: &'static str,
    pub loss: &'static str,
}

/// The post's line for `step` (1-based), if the post printed that step.
pub fn printed_line(step: u64) -> Option<PrintedLine> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (number, printed) = line.split_once('\t')?;
            if number.parse::<u64>().ok()? != step {
                return None;
            }
            // 预测结果： [[a]]  梯度下降之后： [[b]]  真实回归值： [[1]]  Loss： c
            let mut values = printed.split('：').skip(1).map(|part| {
                part.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("[[")
                    .trim_end_matches("]]")
            });
            Some(PrintedLine {
                prediction: values.next()?,
                prediction_after: values.next()?,
                target: values.next()?,
                loss: values.next()?,
            })
        })
}

/// How many leading characters of `ours` the post printed the same. numpy drops the
/// trailing zeros of a fixed-point number, so `printed` counts as padded with zeros
/// when `pad_zeros` is set (1.0056599 is 1.00565990 to 8 decimals).
pub fn matching_digits(ours: &str, printed: &str, pad_zeros: bool) -> usize {
    let padding = if pad_zeros && printed.contains('.') {
        "0"
    } else {
        ""
    };
    let printed = printed.chars().chain(padding.chars().cycle());
    ours.chars()
        .zip(printed)
        .take_while(|(ours, printed)| ours == printed)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_printed_lines() {
        let first = printed_line(1).expect("the post printed step 1");
        assert_eq!(first.prediction, "3.35507743");
        assert_eq!(first.prediction_after, "3.28442511");
        assert_eq!(first.target, "1");
        assert_eq!(first.loss, "5.546389698793334");
        assert_eq!(
            printed_line(200).map(|line| line.loss),
            Some("3.0141205540271894e-05")
        );
        assert_eq!(printed_line(0), None);
        assert_eq!(printed_line(201), None);
        let printed = (1..=200)
            .filter(|step| printed_line(*step).is_some())
            .count();
        assert_eq!(printed, 34);
    }

    #[test]
    fn counts_matching_digits() {
        assert_eq!(matching_digits("1.00565990", "1.0056599", true), 10);
        assert_eq!(matching_digits("1.00565990", "1.0056599", false), 9);
        assert_eq!(
            matching_digits("5.546389702", "5.546389698793334", false),
            8
        );
        assert_eq!(matching_digits("2", "3", true), 0);
    }
}
