//! The command line's errors and their exit codes.

use std::fmt;
use std::path::Path;

/// Why a command failed: its input (exit code 3) or its output (exit code 4).
#[derive(Debug)]
pub enum CliError {
    /// A combination of options that cannot work (exit code 2, as clap's usage errors).
    Usage(String),
    /// A spec or data file that cannot be read or does not validate, or an analysis the data do not allow;
    /// the message is the library's (located where the library locates it).
    Input(String),
    /// An output that cannot be written.
    Output {
        /// The path.
        path: String,
        /// The system's or the library's message.
        message: String,
    },
}

impl CliError {
    /// The process exit code: 2 for usage, 3 for input, 4 for output.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Input(_) => 3,
            CliError::Output { .. } => 4,
        }
    }

    /// An input error from any displayable library error.
    pub fn input(e: impl fmt::Display) -> Self {
        CliError::Input(e.to_string())
    }

    /// An output error naming `path`.
    pub fn output(path: &Path, e: impl fmt::Display) -> Self {
        CliError::Output {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Input(m) => f.write_str(m),
            CliError::Output { path, message } => {
                write!(f, "cannot write `{path}`: {message}")
            }
        }
    }
}

/// `Result<T, CliError>`.
pub type Result<T> = std::result::Result<T, CliError>;
