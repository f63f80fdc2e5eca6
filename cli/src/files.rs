//! Reading the files a user names (proposal files, runtime wasm, key files): regular files
//! only, and never more than a cap, so that a FIFO, a device such as `/dev/zero` or a
//! directory is refused at once, by its kind, instead of being read forever.

use std::{fs::File, io::Read, path::Path};

/// At most this many bytes of a proposal file (TOML). Real ones are a few KiB.
pub const MAX_PROPOSAL_FILE: u64 = 4 << 20;

/// At most this many bytes of runtime wasm: the runtime's maximum block length
/// (`System.BlockLength`), since the code travels in one extrinsic of one block.
pub const MAX_WASM: u64 = 5 << 20;

/// At most this many bytes of a key file (a secret URI or a Bittensor keyfile).
pub const MAX_KEY_FILE: u64 = 64 << 10;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
	/// The path names a directory.
	#[error("it is a directory, not a file")]
	Directory,
	/// The path names something that is not a regular file.
	#[error("it is a {0}, not a regular file")]
	NotRegular(&'static str),
	/// The file is longer than the cap for its kind.
	#[error("it is {size} bytes, more than the {cap} bytes allowed")]
	TooLarge {
		/// The file's length, or at least what was read of it.
		size: u64,
		/// The cap.
		cap: u64,
	},
	/// The file is not UTF-8 text.
	#[error("it is not UTF-8 text")]
	NotText,
	/// The operating system refused.
	#[error(transparent)]
	Io(#[from] std::io::Error),
}

/// Reads `path` if it is a regular file of at most `cap` bytes.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, FileError> {
	// `metadata` follows symlinks and never blocks, where opening a FIFO would.
	let meta = std::fs::metadata(path)?;
	let kind = meta.file_type();
	if kind.is_dir() {
		return Err(FileError::Directory);
	}
	if !kind.is_file() {
		return Err(FileError::NotRegular(special_kind(&kind)));
	}
	if meta.len() > cap {
		return Err(FileError::TooLarge { size: meta.len(), cap });
	}
	// The file may grow between `metadata` and the read: read one byte past the cap at most.
	let mut bytes = Vec::with_capacity(meta.len() as usize);
	File::open(path)?.take(cap + 1).read_to_end(&mut bytes)?;
	if bytes.len() as u64 > cap {
		return Err(FileError::TooLarge { size: bytes.len() as u64, cap });
	}
	Ok(bytes)
}

/// Reads `path` as UTF-8 text if it is a regular file of at most `cap` bytes.
pub fn read_text(path: &Path, cap: u64) -> Result<String, FileError> {
	String::from_utf8(read(path, cap)?).map_err(|_| FileError::NotText)
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
	use std::os::unix::fs::FileTypeExt;
	if kind.is_fifo() {
		"FIFO"
	} else if kind.is_char_device() {
		"character device"
	} else if kind.is_block_device() {
		"block device"
	} else if kind.is_socket() {
		"socket"
	} else {
		"special file"
	}
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
	"special file"
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn devices_directories_and_long_files_are_refused_by_kind() {
		assert!(
			matches!(read(Path::new("/dev/zero"), 10), Err(FileError::NotRegular(k)) if k == "character device")
		);
		assert!(matches!(read(Path::new("/"), 10), Err(FileError::Directory)));
		let dir = std::env::temp_dir().join(format!("dtao-gov-files-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("eleven");
		std::fs::write(&file, b"0123456789a").unwrap();
		assert!(matches!(read(&file, 10), Err(FileError::TooLarge { size: 11, cap: 10 })));
		assert_eq!(read(&file, 11).unwrap(), b"0123456789a");
		std::fs::write(&file, [0xff, 0xfe]).unwrap();
		assert!(matches!(read_text(&file, 10), Err(FileError::NotText)));
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
