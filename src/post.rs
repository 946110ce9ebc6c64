//! What the post printed: the run log of its numpy program (section 4), 34 of its 200
//! lines, the same the tests check the lesson against (`tests/fixtures/post_table.txt`),
//! so the page can mark which digits match.

use crate::neuron::Parameters;

/// The post's start: a prediction of 3.35507743 (the random start it printed, to 8
/// decimals), i.e. w = [0 0 0] and b = 3.35507743, at α = 0.001.
pub const POST_START: Parameters = Parameters {
    weights: [0.0; 3],
    bias: 3.35507743,
};
/// The learning rate of the post's program.
pub const POST_LEARNING_RATE: f64 = 0.001;

/// The post's printed lines, one per line: step, ŷ before, ŷ after, y and C as text.
/// Written out here rather than parsed from the fixture at run time (that parser cost
/// 4 KB of the bundle), as one string rather than a table of strings (its pointers
/// cost 0.5 KB more); a native test checks that it says exactly what the fixture says.
const PRINTED: &str = concat!(
    "1 3.35507743 3.28442511 1 5.546389698793334\n",
    "2 3.28442511 3.21589235 1 5.218598067594647\n",
    "3 3.21589235 3.14941558 1 4.910178921799803\n",
    "4 3.14941558 3.08493312 1 4.619987347521437\n",
    "5 3.08493312 3.02238512 1 4.346946095282921\n",
    "6 3.02238512 2.96171357 1 4.090041581051698\n",
    "7 2.96171357 2.90286216 1 3.8483201236115456\n",
    "24 2.16884003 2.13377483 1 1.366187026290616\n",
    "25 2.13377483 2.09976159 1 1.2854453730368411\n",
    "26 2.09976159 2.06676874 1 1.2094755514903637\n",
    "27 2.06676874 2.03476568 1 1.137995546397283\n",
    "28 2.03476568 2.00372271 1 1.0707400096052042\n",
    "29 2.00372271 1.97361103 1 1.0074592750375366\n",
    "30 1.97361103 1.9444027 1 0.9479184318828179\n",
    "31 1.9444027 1.91607062 1 0.8918964525585433\n",
    "32 1.91607062 1.8885885 1 0.8391853722123339\n",
    "44 1.6356086 1.61654034 1 0.40399829055941733\n",
    "45 1.61654034 1.59804413 1 0.38012199158735577\n",
    "46 1.59804413 1.58010281 1 0.3576567818845428\n",
    "47 1.58010281 1.56269972 1 0.3365192660751663\n",
    "48 1.56269972 1.54581873 1 0.316630977450124\n",
    "49 1.54581873 1.52944417 1 0.29791808668282155\n",
    "50 1.52944417 1.51356084 1 0.2803111277598668\n",
    "51 1.51356084 1.49815402 1 0.2637447401092591\n",
    "191 1.00722162 1.00700497 1 5.215181191515595e-05\n",
    "192 1.00700497 1.00679482 1 4.906963983096906e-05\n",
    "193 1.00679482 1.00659098 1 4.616962411696138e-05\n",
    "194 1.00659098 1.00639325 1 4.344099933164832e-05\n",
    "195 1.00639325 1.00620145 1 4.087363627114841e-05\n",
    "196 1.00620145 1.00601541 1 3.84580043675206e-05\n",
    "197 1.00601541 1.00583495 1 3.618513630940355e-05\n",
    "198 1.00583495 1.0056599 1 3.4046594753515e-05\n",
    "199 1.0056599 1.0054901 1 3.203444100358307e-05\n",
    "200 1.0054901 1.0053254 1 3.0141205540271894e-05\n",
);

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
    PRINTED.lines().find_map(|line| {
        let mut fields = line.split(' ');
        // The step number, read by hand: `str::parse` would add an integer parser.
        let number = fields.next()?.bytes().fold(0u64, |number, digit| {
            number * 10 + u64::from(digit.wrapping_sub(b'0'))
        });
        (number == step).then_some(())?;
        Some(PrintedLine {
            prediction: fields.next()?,
            prediction_after: fields.next()?,
            target: fields.next()?,
            loss: fields.next()?,
        })
    })
}

/// How many leading characters of `ours` the post printed the same. numpy drops the
/// trailing zeros of a fixed-point number, so `printed` counts as padded with zeros
/// when `pad_zeros` is set (1.0056599 is 1.00565990 to 8 decimals).
pub fn matching_digits(ours: &str, printed: &str, pad_zeros: bool) -> usize {
    // Bytes: both are ASCII numbers.
    let (ours, printed) = (ours.as_bytes(), printed.as_bytes());
    let pad = pad_zeros && printed.contains(&b'.');
    let mut count = 0;
    while let Some(digit) = ours.get(count) {
        let theirs = match printed.get(count) {
            Some(theirs) => *theirs,
            None if pad => b'0',
            None => break,
        };
        if *digit != theirs {
            break;
        }
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table above says exactly what the fixture (the post's text) says.
    #[test]
    fn the_printed_lines_are_the_fixtures() {
        let fixture = include_str!("../tests/fixtures/post_table.txt");
        let lines: Vec<&str> = fixture
            .lines()
            .filter(|line| !line.starts_with('#'))
            .collect();
        assert_eq!(lines.len(), PRINTED.lines().count());
        for (line, ours) in lines.iter().zip(PRINTED.lines()) {
            let (number, printed) = line.split_once('\t').expect("step<TAB>line");
            // 预测结果： [[a]]  梯度下降之后： [[b]]  真实回归值： [[1]]  Loss： c
            let mut fields: Vec<&str> = printed
                .split('：')
                .skip(1)
                .map(|part| {
                    part.split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_matches(['[', ']'])
                })
                .collect();
            fields.insert(0, number);
            assert_eq!(fields.join(" "), ours);
            let step: u64 = number.parse().expect("a step number");
            let parsed = printed_line(step).expect("the line is found by its step");
            assert_eq!(
                [
                    parsed.prediction,
                    parsed.prediction_after,
                    parsed.target,
                    parsed.loss
                ],
                fields[1..]
            );
        }
    }

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
