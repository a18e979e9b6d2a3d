//! `sousuo`: adds search to a site in one command, with no compiler.
//!
//! ```text
//! sousuo --site DIR [--output-path OUT | --single-file PAGE.html] [--serve] [--port N]
//! sousuo search --index OUT [--json] [--limit N] QUERY
//! ```
//!
//! The flags are Pagefind's where they mean the same thing, so that a site's build feels at home.

mod args;
mod progress;
mod search;
mod serve;
mod single_file;
mod site;
mod vendored {
    include!(concat!(env!("OUT_DIR"), "/vendored.rs"));
}

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let command = match args::parse(&argv) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("sousuo: {message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let outcome = match command {
        args::Command::Help => {
            println!("{}", args::USAGE);
            Ok(())
        }
        args::Command::Version => {
            println!("sousuo {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        args::Command::Site(options) => site::run(&options),
        args::Command::Search(options) => search::run(&options),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sousuo: {message}");
            ExitCode::FAILURE
        }
    }
}
