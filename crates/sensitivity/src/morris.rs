//! Morris elementary effects (to do).
