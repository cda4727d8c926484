use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask bench [--seconds N] [--connections C] [--out PATH]

  codegen          regenerate openapi/calends.json, openapi/calends.3.0.json and crates/client/src/generated.rs
  codegen --check  fail, naming the stale files, when any of them is out of date
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => xtask::codegen::write().map(|changed| {
            if changed.is_empty() {
                println!("generated files are up to date");
            } else {
                println!("regenerated: {}", changed.join(", "));
            }
        }),
        ["codegen", "--check"] => xtask::codegen::check().map(|()| println!("generated files are up to date")),
        ["bench", rest @ ..] => match xtask::bench::Options::parse(rest) {
            Ok(options) => xtask::bench::run(&options),
            Err(e) => {
                eprintln!("error: {e:#}\n\n{USAGE}{}", xtask::bench::USAGE);
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("{USAGE}{}", xtask::bench::USAGE);
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
