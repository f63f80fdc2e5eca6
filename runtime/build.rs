//! Builds the runtime to wasm twice: the chain's code, and the same code with its
//! `spec_version` raised by one (feature `upgrade-fixture`), which the runtime-upgrade
//! tests and the walkthrough propose and apply. Both builds share one wasm target dir, so
//! the second costs one extra compile of this crate only.

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults().build();
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_feature("upgrade-fixture")
		.set_file_name("dtao_runtime_upgrade")
		.build();
}

#[cfg(not(feature = "std"))]
fn main() {}
