//! Running the build script the way cargo does, over any corpus: for tests of what a build
//! accepts, refuses and indexes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The build script cargo compiled for this package (it sits beside the `out` folder of
/// `OUT_DIR`, in a sibling `sousuo-*` folder).
pub fn build_script() -> PathBuf {
    let build_dir = Path::new(env!("OUT_DIR"))
        .parent()
        .unwrap()
        .parent()
        .unwrap();
    fs::read_dir(build_dir)
        .unwrap()
        .filter_map(|entry| {
            let dir = entry.ok()?.path();
            let name = dir.file_name()?.to_str()?.to_string();
            let script = dir.join("build-script-build");
            (name.starts_with("sousuo-") && script.is_file()).then_some(script)
        })
        .max_by_key(|script| fs::metadata(script).unwrap().modified().unwrap())
        .expect("cargo compiled the build script")
}

/// Runs the build script over `corpus` into `out`; its success and what it printed. The index
/// is embedded, so that `out/index.bin` holds all of it whatever the corpus's size.
pub fn run_build(corpus: &Path, out: &Path) -> (bool, String) {
    let output = Command::new(build_script())
        .env("OUT_DIR", out)
        .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
        .env("SOUSUO_CORPUS", corpus)
        .env("SOUSUO_INDEX", "embedded")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The index bytes the build script makes of a corpus of `files` (path in the corpus, text),
/// written to a scratch folder named after `name` and removed afterwards.
pub fn index_of_files(name: &str, files: &[(&str, &str)]) -> Vec<u8> {
    let corpus = std::env::temp_dir().join(format!("sousuo-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&corpus);
    for (file, text) in files {
        let path = corpus.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let out = corpus.with_extension("out");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();
    let (ok, log) = run_build(&corpus, &out);
    assert!(ok, "{log}");
    let bytes = fs::read(out.join("index.bin")).unwrap();
    let _ = fs::remove_dir_all(&corpus);
    let _ = fs::remove_dir_all(&out);
    bytes
}
