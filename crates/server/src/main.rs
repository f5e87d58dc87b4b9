//! `hoptac`: the Hợp Tác marketplace server and its tools.

fn main() -> std::process::ExitCode {
    server::cli::main()
}
