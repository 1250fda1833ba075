//! `gapsim`: parse, call, print the error, return an exit code (0 ok, 2 bad input, 130
//! interrupted, 1 other).

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match gapsim::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    gapsim::interrupt::install();
    match gapsim::cli::execute(cli) {
        Ok(msg) => {
            // A closed or full standard error loses the message, never panics.
            let _ = writeln!(std::io::stderr(), "{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
