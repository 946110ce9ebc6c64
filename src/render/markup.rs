//! Small builders for the SVG and MathML the app writes as text. Everything passed
//! in is our own text or a formatted number; `escape` keeps it well-formed anyway.

use crate::format::readout;

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
    let text = readout(value);
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

/// A column vector [a; b; c] of numbers.
pub fn column(values: &[f64]) -> String {
    let rows: String = values
        .iter()
        .map(|value| format!("<mtr><mtd>{}</mtd></mtr>", mn(*value)))
        .collect();
    row(&[mo("["), format!("<mtable>{rows}</mtable>"), mo("]")])
}

/// A displayed equation with the post's number beside it, e.g. "(5)".
pub fn equation(number: &str, content: &str) -> String {
    format!(
        "<div class=\"equation\"><math display=\"block\">{content}</math><span class=\"equation-number\">{}</span></div>",
        escape(number)
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
            "(5)",
            &row(&[
                partial(mi("C"), sub("w", "1")),
                mo("="),
                column(&[1.0, -2.0]),
            ]),
        );
        assert!(is_balanced(&markup), "{markup}");
        assert!(!is_balanced("<math><mi>x</math>"));
    }
}
