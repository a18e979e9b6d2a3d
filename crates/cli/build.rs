//! Vendors the prebuilt engines and the widget (`./x engines` writes them to
//! target/engines/site/, or `SOUSUO_ENGINES` names the folder): every file becomes bytes inside
//! the command, so that it writes a site with no compiler and nothing else installed. Without
//! them the command still builds, and says how to get them when asked to write a site.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=SOUSUO_ENGINES");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let engines = match std::env::var_os("SOUSUO_ENGINES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => manifest.join("../../target/engines/site"),
    };
    println!("cargo:rerun-if-changed={}", engines.display());
    let mut files = Vec::new();
    if engines.join("pkg/full/sousuo_bg.wasm").is_file() {
        collect(&engines, &engines, &mut files);
        for (_, path) in &files {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    files.sort();
    let mut code = String::from(
        "/// The widget's files and the engines, by path in a site's sousuo folder.\n",
    );
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    fs::write(out.join("vendored.rs"), code).expect("OUT_DIR is writable");
}

/// The files a site needs: pages, scripts, styles and the engines, not the bindings' type
/// declarations or package files.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
            continue;
        }
        let name = path
            .strip_prefix(root)
            .expect("below root")
            .to_string_lossy()
            .replace('\\', "/");
        let wanted = [".html", ".js", ".css", ".wasm", ".map"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if wanted {
            files.push((name, path));
        }
    }
}
