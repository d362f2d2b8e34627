//! Matching what an editor wrote against the ids and full names of `site.yaml`, with the
//! closest names as suggestions.

use crate::diagnostics::closest_n;

/// Matches a front matter value against ids and full names (NFC, case-insensitive).
pub fn match_name<'a>(
    value: &str,
    items: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> Result<usize, Vec<&'a str>> {
    let wanted = value.trim().to_lowercase();
    if let Some(i) = items
        .clone()
        .position(|(id, name)| id == wanted || name.to_lowercase() == wanted)
    {
        return Ok(i);
    }
    let candidates: Vec<&str> = items.flat_map(|(id, name)| [id, name]).collect();
    let mut close = closest_n(value, candidates.iter().copied(), 3);
    if close.is_empty() {
        close = candidates.iter().step_by(2).take(6).copied().collect();
    }
    Err(close)
}

/// The names as a list for a hint: `a`, `b`, `c`.
pub fn suggest_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
