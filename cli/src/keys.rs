//! Signing keys: a secret URI (`//Alice`, a mnemonic, `0x` seed, with `//hard/soft` paths),
//! given directly, in a file, or in a Bittensor wallet (`~/.bittensor/wallets/<name>/coldkey`,
//! unencrypted keyfiles only).

use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// Where the signing key comes from.
#[derive(Args, Debug, Clone, Default)]
pub struct KeyArgs {
	/// Secret URI of the signing key, e.g. `//Alice` or a mnemonic. Prefer DTAO_SURI or
	/// --key-file over passing a secret on the command line.
	#[arg(long, env = "DTAO_SURI", hide_env_values = true, global = true)]
	pub suri: Option<String>,
	/// A file holding the signing key: a secret URI on one line, or a Bittensor keyfile (JSON
	/// with `secretPhrase` or `secretSeed`).
	#[arg(long, global = true, value_name = "FILE")]
	pub key_file: Option<PathBuf>,
	/// Sign with the coldkey of this Bittensor wallet.
	#[arg(long, global = true, value_name = "NAME")]
	pub wallet_name: Option<String>,
	/// Where Bittensor wallets live.
	#[arg(long, global = true, value_name = "DIR", default_value = "~/.bittensor/wallets")]
	pub wallet_path: String,
}

impl KeyArgs {
	/// The signing key, or a message saying how to give one.
	pub fn keypair(&self) -> Result<Keypair> {
		let given = [self.suri.is_some(), self.key_file.is_some(), self.wallet_name.is_some()];
		match given.iter().filter(|g| **g).count() {
			0 => bail!("this command signs a transaction: give a key with --suri (or DTAO_SURI), --key-file or --wallet-name"),
			1 => {}
			_ => bail!("give only one of --suri, --key-file and --wallet-name"),
		}
		if let Some(suri) = &self.suri {
			return from_suri(suri).context("--suri");
		}
		if let Some(path) = &self.key_file {
			return from_key_file(path);
		}
		let name = self.wallet_name.as_deref().unwrap_or_default();
		let root = expand_home(&self.wallet_path);
		from_key_file(&root.join(name).join("coldkey"))
			.with_context(|| format!("wallet `{name}` in {}", root.display()))
	}
}

fn expand_home(path: &str) -> PathBuf {
	match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
		(Some(rest), Some(home)) => Path::new(&home).join(rest),
		_ => PathBuf::from(path),
	}
}

/// The account a `--hotkey` argument names: an SS58 address or `0x` hex, or with
/// `--wallet-name`, the name of a hotkey of that Bittensor wallet
/// (`<wallet-path>/<name>/hotkeys/<hotkey>`, whose `ss58Address` is read).
pub fn resolve_hotkey(arg: &str, keys: &KeyArgs) -> Result<sp_core::crypto::AccountId32> {
	if let Ok(account) = crate::scale::parse_account("--hotkey", arg) {
		return Ok(account);
	}
	let Some(wallet) = &keys.wallet_name else {
		bail!("--hotkey {arg:?} is not an SS58 address or 0x-hex account id (a hotkey name needs --wallet-name)");
	};
	let path = expand_home(&keys.wallet_path).join(wallet).join("hotkeys").join(arg);
	let text = crate::files::read_text(&path, crate::files::MAX_KEY_FILE)
		.with_context(|| format!("--hotkey {arg:?}: cannot read hotkey file {}", path.display()))?;
	let json: serde_json::Value = serde_json::from_str(&text)
		.with_context(|| format!("{} is not a Bittensor keyfile (JSON)", path.display()))?;
	let address = json["ss58Address"]
		.as_str()
		.with_context(|| format!("{} has no `ss58Address`", path.display()))?;
	Ok(crate::scale::parse_account("--hotkey", address)?)
}

/// A keypair from a secret URI.
pub fn from_suri(suri: &str) -> Result<Keypair> {
	let uri: SecretUri =
		suri.trim().parse().map_err(|e| anyhow::anyhow!("not a valid secret URI: {e}"))?;
	Keypair::from_uri(&uri)
		.map_err(|e| anyhow::anyhow!("cannot derive a key from the secret URI: {e}"))
}

/// A keypair from a file: a secret URI, or a Bittensor keyfile.
pub fn from_key_file(path: &Path) -> Result<Keypair> {
	let text = crate::files::read_text(path, crate::files::MAX_KEY_FILE)
		.with_context(|| format!("cannot read key file {}", path.display()))?;
	let text = text.trim();
	if text.starts_with("$NACL") || text.starts_with("$ANSIBLE") || text.starts_with("gAAAAA") {
		bail!(
			"{} is an encrypted Bittensor keyfile, which dtao-gov does not decrypt; pass the key \
			 with --suri or DTAO_SURI instead",
			path.display()
		);
	}
	if text.starts_with('{') {
		let json: serde_json::Value = serde_json::from_str(text)
			.with_context(|| format!("{} is not valid JSON", path.display()))?;
		let secret = json["secretPhrase"]
			.as_str()
			.filter(|s| !s.is_empty())
			.or_else(|| json["secretSeed"].as_str().filter(|s| !s.is_empty()))
			.with_context(|| {
				format!("{} has neither `secretPhrase` nor `secretSeed`", path.display())
			})?;
		return from_suri(secret).with_context(|| format!("key file {}", path.display()));
	}
	from_suri(text).with_context(|| format!("key file {}", path.display()))
}

/// The SS58 address (prefix 42) of a keypair.
pub fn address(key: &Keypair) -> String {
	use sp_core::crypto::Ss58Codec;
	sp_core::crypto::AccountId32::from(key.public_key().0).to_ss58check()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_suri_gives_alice() {
		let key = from_suri("//Alice").unwrap();
		assert_eq!(address(&key), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
	}

	#[test]
	fn bittensor_keyfile_json_is_read_and_encrypted_one_refused() {
		let dir = std::env::temp_dir().join(format!("dtao-gov-keys-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let plain = dir.join("coldkey");
		std::fs::write(&plain, r#"{"secretPhrase": "//Bob", "ss58Address": "x"}"#).unwrap();
		assert_eq!(address(&from_key_file(&plain).unwrap()), address(&from_suri("//Bob").unwrap()));
		let encrypted = dir.join("encrypted");
		std::fs::write(&encrypted, "$NACLabcdef").unwrap();
		let err = format!("{:#}", from_key_file(&encrypted).unwrap_err());
		assert!(err.contains("encrypted Bittensor keyfile"), "{err}");
		std::fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn hotkeys_are_named_by_address_or_by_wallet_file() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let none = KeyArgs::default();
		assert_eq!(resolve_hotkey(alice, &none).unwrap().to_string(), alice);
		let err = format!("{:#}", resolve_hotkey("miner", &none).unwrap_err());
		assert!(err.contains("needs --wallet-name"), "{err}");

		let root = std::env::temp_dir().join(format!("dtao-gov-wallets-{}", std::process::id()));
		std::fs::create_dir_all(root.join("w/hotkeys")).unwrap();
		std::fs::write(root.join("w/hotkeys/miner"), format!(r#"{{"ss58Address": "{alice}"}}"#))
			.unwrap();
		let wallet = KeyArgs {
			wallet_name: Some("w".into()),
			wallet_path: root.display().to_string(),
			..Default::default()
		};
		assert_eq!(resolve_hotkey("miner", &wallet).unwrap().to_string(), alice);
		assert!(
			format!("{:#}", resolve_hotkey("nope", &wallet).unwrap_err()).contains("cannot read")
		);
		std::fs::remove_dir_all(&root).unwrap();
	}

	#[test]
	fn no_key_and_two_keys_are_refused() {
		let none = KeyArgs::default();
		assert!(format!("{:#}", none.keypair().unwrap_err()).contains("give a key with --suri"));
		let two = KeyArgs {
			suri: Some("//Alice".into()),
			wallet_name: Some("w".into()),
			..Default::default()
		};
		assert!(format!("{:#}", two.keypair().unwrap_err()).contains("only one of"));
	}
}
