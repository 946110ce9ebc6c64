//! Small builders for the SVG and MathML the app writes as text. Everything passed
//! in is our own text or a formatted number; `escape` keeps it well-formed anyway.

use crate::format::{write_significant, READOUT_DIGITS};

/// Escapes the characters that are special in XML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

pub fn mi(name: &str) -> String {
    format!("<mi>{}</mi>", escape(name))
}

pub fn mo(operator: &str) -> String {
    format!("<mo>{}</mo>", escape(operator))
}

/// A number as the readouts show it; negative numbers get a proper minus sign.
pub fn mn(value: f64) -> String {
    mn_significant(value, READOUT_DIGITS)
}

/// A number with `significant` digits, like [`mn`] otherwise.
pub fn mn_significant(value: f64, significant: usize) -> String {
    let mut text = String::new();
    write_significant(&mut text, value, significant);
    match text.strip_prefix('-') {
        Some(magnitude) => format!("<mrow><mo>−</mo><mn>{magnitude}</mn></mrow>"),
        None => format!("<mn>{text}</mn>"),
    }
}

/// A number in brackets when negative, so "2·(−3)" reads right.
pub fn mn_grouped(value: f64) -> String {
    if value.is_sign_negative() && value != 0.0 {
        row(&[mo("("), mn(value), mo(")")])
    } else {
        mn(value)
    }
}

pub fn row(items: &[String]) -> String {
    format!("<mrow>{}</mrow>", items.concat())
}

pub fn sub(base: &str, index: &str) -> String {
    format!("<msub>{}<mn>{}</mn></msub>", mi(base), escape(index))
}

pub fn sup(base: String, exponent: &str) -> String {
    format!("<msup>{base}<mn>{}</mn></msup>", escape(exponent))
}

pub fn frac(numerator: String, denominator: String) -> String {
    format!("<mfrac><mrow>{numerator}</mrow><mrow>{denominator}</mrow></mfrac>")
}

/// ∂of/∂with.
pub fn partial(of: String, with: String) -> String {
    frac(format!("{}{of}", mo("∂")), format!("{}{with}", mo("∂")))
}

/// A column vector [a; b; c] of numbers. Its brackets are the table's borders (CSS
/// class `matrix`), so they span every row: stretching a `<mo>[</mo>` needs a math
/// font the reader may not have.
pub fn column(values: &[f64]) -> String {
    matrix(values.chunks(1), READOUT_DIGITS)
}

/// A matrix of numbers with `significant` digits, one item of `rows` per row, in
/// brackets like [`column`]'s.
pub fn matrix<'a>(rows: impl Iterator<Item = &'a [f64]>, significant: usize) -> String {
    let rows: String = rows
        .map(|values| {
            let cells: String = values
                .iter()
                .map(|value| format!("<mtd>{}</mtd>", mn_significant(*value, significant)))
                .collect();
            format!("<mtr>{cells}</mtr>")
        })
        .collect();
    format!("<mtable class=\"matrix\">{rows}</mtable>")
}

/// Operators a long equation may break before: each "= …" goes on a new line when the
/// line is full, instead of being clipped. A break is only an opportunity: the pieces
/// flow like words and wrap where the line is full.
const BREAK_BEFORE: [&str; 3] = ["<mo>=</mo>", "<mo>:=</mo>", "<mo>⟹</mo>"];
/// For the widest equations also a − or a ·, but only between the equation's own
/// terms, never inside a bracket such as 2(ŷ − y).
const BREAK_BEFORE_TERM: [&str; 2] = ["<mo>−</mo>", "<mo>·</mo>"];
/// And a + between the terms of a sum one level down (the forward pass w₁·x₁ + …).
const BREAK_BEFORE_SUM: &str = "<mo>+</mo>";

/// Splits an equation's MathML before each `=`, `:=`, `⟹`, `−` and `·` that lies only inside
/// `mrow`s (not in a fraction, a sub- or superscript or a table): every open `mrow` is
/// closed at the end of a piece and opened again at the start of the next, so each
/// piece is well-formed on its own.
pub fn break_pieces(content: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    // The open elements around the current position, as their opening tags.
    let mut open: Vec<&str> = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let at = |operators: &[&str]| operators.iter().any(|operator| rest.starts_with(operator));
        let breaks_here = open.iter().all(|tag| *tag == "<mrow>")
            && (at(&BREAK_BEFORE)
                || (open.len() <= 1 && at(&BREAK_BEFORE_TERM))
                || (open.len() <= 2 && rest.starts_with(BREAK_BEFORE_SUM)));
        if breaks_here && piece.len() > open.iter().map(|tag| tag.len()).sum::<usize>() {
            for _ in &open {
                piece.push_str("</mrow>");
            }
            pieces.push(std::mem::take(&mut piece));
            piece.extend(open.iter().copied());
            // First in its row the operator would be read as a prefix (no space before
            // it, "+0.9" like a signed number); it is still the infix one.
            piece.push_str("<mo form=\"infix\">");
            rest = rest.get("<mo>".len()..).unwrap_or("");
            open.push("<mo>");
            continue;
        }
        // Checked splits, not `&rest[..n]`: a slice that could panic would bring the
        // panic's message formatting (3 KB) into the bundle.
        let Some(tag_end) = rest.starts_with('<').then(|| rest.find('>')).flatten() else {
            // Text up to the next tag (all of it if a '<' is never closed).
            let text_end = match rest.find('<') {
                Some(0) | None => rest.len(),
                Some(at) => at,
            };
            let (text, after) = rest.split_at_checked(text_end).unwrap_or((rest, ""));
            piece.push_str(text);
            rest = after;
            continue;
        };
        let (tag, after) = rest.split_at_checked(tag_end + 1).unwrap_or((rest, ""));
        if tag.starts_with("</") {
            open.pop();
        } else if !tag.ends_with("/>") {
            open.push(tag);
        }
        piece.push_str(tag);
        rest = after;
    }
    pieces.push(piece);
    pieces
}

/// A displayed equation with the post's number beside it, e.g. "(5)": one `<math>`
/// per piece of [`break_pieces`], so a narrow screen wraps it after an "=". Its key
/// (`data-equation`) is how the page finds it to highlight it.
pub fn equation(key: &str, number: &str, content: &str) -> String {
    let pieces: String = break_pieces(content)
        .iter()
        .map(|piece| format!("<math>{piece}</math>"))
        .collect();
    format!(
        "<div class=\"equation\" data-equation=\"{}\"><div class=\"equation-parts\">{pieces}</div><span class=\"equation-number\">{}</span></div>",
        escape(key),
        escape(number)
    )
}

/// `content` marked as showing a quantity (`data-quantity`, see `graph::Quantity`), so
/// pointing at it highlights the same quantity elsewhere on the page.
pub fn mark(quantity: &str, content: String) -> String {
    format!(
        "<mrow data-quantity=\"{}\">{content}</mrow>",
        escape(quantity)
    )
}

/// Checks that every tag is closed in order (for tests of generated markup).
pub fn is_balanced(markup: &str) -> bool {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = markup;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            return false;
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if tag.ends_with('/') {
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if tag.starts_with('/') {
            if open.pop() != Some(name) {
                return false;
            }
        } else {
            open.push(name);
        }
    }
    open.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_escape_and_balance() {
        assert_eq!(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
        assert_eq!(mn(-0.5), "<mrow><mo>−</mo><mn>0.5</mn></mrow>");
        let markup = equation(
            "chain-w1",
            "(5)",
            &row(&[
                partial(mi("C"), sub("w", "1")),
                mo("="),
                column(&[1.0, -2.0]),
            ]),
        );
        assert!(is_balanced(&markup), "{markup}");
        assert!(markup.starts_with("<div class=\"equation\" data-equation=\"chain-w1\">"));
        assert_eq!(
            mark("w1", mi("w")),
            "<mrow data-quantity=\"w1\"><mi>w</mi></mrow>"
        );
        assert!(!is_balanced("<math><mi>x</math>"));
    }

    #[test]
    fn equations_break_before_each_equals_sign_outside_fractions_and_tables() {
        let content = row(&[
            mi("a"),
            mo("="),
            row(&[
                mi("b"),
                mo("+"),
                mi("c"),
                mo("="),
                frac(mi("d"), row(&[mi("e"), mo("="), mi("f")])),
            ]),
            mo(":="),
            column(&[1.0, 2.0]),
        ]);
        let pieces = break_pieces(&content);
        assert_eq!(
            pieces,
            [
                "<mrow><mi>a</mi></mrow>",
                "<mrow><mo form=\"infix\">=</mo><mrow><mi>b</mi></mrow></mrow>",
                "<mrow><mrow><mo form=\"infix\">+</mo><mi>c</mi></mrow></mrow>",
                "<mrow><mrow><mo form=\"infix\">=</mo><mfrac><mrow><mi>d</mi></mrow><mrow><mrow><mi>e</mi><mo>=</mo><mi>f</mi></mrow></mrow></mfrac></mrow></mrow>",
                "<mrow><mo form=\"infix\">:=</mo><mtable class=\"matrix\"><mtr><mtd><mn>1</mn></mtd></mtr><mtr><mtd><mn>2</mn></mtd></mtr></mtable></mrow>",
            ]
        );
        assert!(pieces.iter().all(|piece| is_balanced(piece)));
        // Put back together, the pieces say what the equation said.
        let joined = pieces.concat().replace(" form=\"infix\"", "");
        // (Grouping aside: the pieces close and reopen the mrows around each break.)
        let ungrouped = |markup: &str| markup.replace("<mrow>", "").replace("</mrow>", "");
        assert_eq!(ungrouped(&joined), ungrouped(&content));
        // Nothing to break: one piece, unchanged.
        assert_eq!(break_pieces("<mi>x</mi>"), ["<mi>x</mi>"]);
        // Text that starts with a multibyte character (∇, −) is read to its end tag, so
        // the breaks after it are still found.
        let gradient = row(&[
            mo("∇"),
            mi("f"),
            mo("="),
            mi("g"),
            mo("−"),
            mi("h"),
            mo("="),
            mi("k"),
        ]);
        assert_eq!(break_pieces(&gradient).len(), 4);
    }
}
