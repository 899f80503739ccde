//! The paper example's indicators section (being written).

use std::path::Path;

/// Prints this section.
pub fn run(_out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    Ok(())
}
