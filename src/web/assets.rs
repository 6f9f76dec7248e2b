//! The compiled site files under `/pkg/` (the stylesheet, the islands' JavaScript and
//! WebAssembly) and the addresses pages use for them. Each address carries a hash of the
//! file's content (`/pkg/yorisoi.css?v=…`), read once at start, so a browser may keep the
//! file for a year (`immutable`) and fetches a new one exactly when a new build changes it.

use leptos::prelude::LeptosOptions;
use sha2::{Digest, Sha256};

/// One file of the site and its content hash.
#[derive(Debug, Clone)]
struct Asset {
    /// The path under which it is served, e.g. `/pkg/yorisoi.css`.
    path: String,
    /// The first 16 hex digits of its SHA-256, or `None` when the file is not there
    /// (a server started without a browser build, as in the integration tests).
    hash: Option<String>,
}

/// The site's stylesheet, script and WebAssembly, with their content hashes.
#[derive(Debug, Clone)]
pub struct Assets {
    css: Asset,
    js: Asset,
    wasm: Asset,
}

impl Assets {
    /// Reads and hashes the files `scripts/build-site.sh` wrote under the site root.
    pub fn read(options: &LeptosOptions) -> Assets {
        let pkg = format!("/{}", options.site_pkg_dir);
        let name = &options.output_name;
        let asset = |file: String| {
            let on_disk =
                std::path::Path::new(options.site_root.as_ref()).join(file.trim_start_matches('/'));
            let hash = std::fs::read(on_disk).ok().map(|bytes| {
                let digest = Sha256::digest(&bytes);
                hex::encode(&digest[..8])
            });
            Asset { path: file, hash }
        };
        Assets {
            css: asset(format!("{pkg}/{name}.css")),
            js: asset(format!("{pkg}/{name}.js")),
            wasm: asset(format!("{pkg}/{name}.wasm")),
        }
    }

    fn address(asset: &Asset) -> String {
        match &asset.hash {
            Some(hash) => format!("{}?v={hash}", asset.path),
            None => asset.path.clone(),
        }
    }

    /// The stylesheet's address.
    pub fn css(&self) -> String {
        Self::address(&self.css)
    }

    /// The islands' JavaScript module.
    pub fn js(&self) -> String {
        Self::address(&self.js)
    }

    /// The islands' WebAssembly.
    pub fn wasm(&self) -> String {
        Self::address(&self.wasm)
    }

    /// Whether a request asks for the current version of one of the files: then the answer
    /// may be cached for good. Any other request under `/pkg/` is checked each time.
    pub fn is_current(&self, path: &str, query: Option<&str>) -> bool {
        let Some(version) =
            query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("v=")))
        else {
            return false;
        };
        [&self.css, &self.js, &self.wasm]
            .iter()
            .any(|a| a.path == path && a.hash.as_deref() == Some(version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_carry_the_content_hash_and_only_the_current_one_is_cached() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/yorisoi.css"), "body{}").unwrap();
        let options = LeptosOptions::builder()
            .output_name("yorisoi")
            .site_root(dir.path().to_string_lossy().to_string())
            .build();
        let assets = Assets::read(&options);
        let css = assets.css();
        let (path, version) = css.split_once("?v=").expect("a version");
        assert_eq!(path, "/pkg/yorisoi.css");
        assert_eq!(version.len(), 16);
        assert!(assets.is_current(path, Some(&format!("v={version}"))));
        assert!(!assets.is_current(path, Some("v=0000000000000000")));
        assert!(!assets.is_current(path, None));
        // A file that is not there has no version and is never cached for good.
        assert_eq!(assets.wasm(), "/pkg/yorisoi.wasm");
        assert!(!assets.is_current("/pkg/yorisoi.wasm", Some("v=")));

        std::fs::write(dir.path().join("pkg/yorisoi.css"), "body{color:red}").unwrap();
        assert_ne!(Assets::read(&options).css(), css, "a new build gets a new address");
    }
}
