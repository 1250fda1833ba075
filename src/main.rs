//! `gapsim`: parse, call, print the error, return an exit code (0 ok, 2 bad input, 130
//! interrupted, 1 other).

use clap::Parser;
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
            eprintln!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
