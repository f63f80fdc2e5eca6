//! `dtao-gov serve` against a Chopsticks chain: the JSON API follows a motion from `propose`
//! through a vote to `close`, unknown things answer 404, and a real headless browser
//! (Debian's chromium through chromedriver) sees the motion, its simulated change, and the
//! tally change after a vote without reloading. The motions page's screenshot is written to
//! `$CARGO_TARGET_DIR/dtao-artifacts/motions.png` (and, with `UPDATE_SCREENSHOT=1`, to
//! `docs/motions.png`, the README's).

use anyhow::{ensure, Context, Result};
use dtao_e2e::{
	gov::{bounded, gov, proposal_file},
	LocalChain,
};
use dtao_gov::serve::Server;
use serde_json::Value as Json;
use std::{
	net::SocketAddr,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long the page may take to show what the chain did.
const FOLLOW: Duration = Duration::from_secs(60);

/// Starts `dtao-gov serve` for `chain` on a free port.
async fn serve(chain: &LocalChain) -> Result<SocketAddr> {
	let upgrade = dtao_e2e::flow::upgrade_wasm()?.to_vec();
	let server = Server::bind("127.0.0.1:0".parse()?, &chain.url, vec![upgrade]).await?;
	let addr = server.addr;
	tokio::spawn(server.run());
	Ok(addr)
}

/// `GET path`: the status and the body.
async fn get(addr: SocketAddr, path: &str) -> Result<(u16, String)> {
	let mut stream = tokio::net::TcpStream::connect(addr).await?;
	let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await?;
	let mut response = Vec::new();
	stream.read_to_end(&mut response).await?;
	let response = String::from_utf8(response)?;
	let (head, body) = response.split_once("\r\n\r\n").context("no header end")?;
	let status = head.split(' ').nth(1).context("no status")?.parse()?;
	let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
	Ok((status, if chunked { dechunk(body)? } else { body.to_string() }))
}

fn dechunk(mut body: &str) -> Result<String> {
	let mut out = String::new();
	loop {
		let (size, rest) = body.split_once("\r\n").context("bad chunk")?;
		let size = usize::from_str_radix(size.trim(), 16)?;
		if size == 0 {
			return Ok(out);
		}
		out.push_str(rest.get(..size).context("short chunk")?);
		body = &rest[size + 2..];
	}
}

async fn get_json(addr: SocketAddr, path: &str) -> Result<Json> {
	let (status, body) = get(addr, path).await?;
	ensure!(status == 200, "GET {path}: {status} {body}");
	serde_json::from_str(&body).with_context(|| format!("GET {path}: not JSON: {body}"))
}

/// Polls `GET path` until it answers 200 and `check` holds for its JSON.
async fn until(
	addr: SocketAddr,
	path: &str,
	what: &str,
	check: impl Fn(&Json) -> bool,
) -> Result<Json> {
	let start = Instant::now();
	loop {
		// A motion not yet seen answers 404 until the server's view catches up.
		let (status, body) = get(addr, path).await?;
		let value: Json = serde_json::from_str(&body).unwrap_or(Json::Null);
		if status == 200 && check(&value) {
			return Ok(value);
		}
		ensure!(start.elapsed() < FOLLOW, "{what}: still not after {FOLLOW:?}: {status} {body}");
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
}

fn simulated_min_stake(motion: &Json) -> bool {
	motion["simulation"]["state"] == "done"
		&& motion["simulation"]["simulation"]["changes"]
			.as_array()
			.into_iter()
			.flatten()
			.any(|c| c["entry"] == "Staking.MinStake" && c["after"] == 1_000_000_000)
}

#[tokio::test]
async fn the_api_follows_a_motion_from_propose_through_a_vote_to_close() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let addr = serve(&chain).await?;
		until(addr, "/api/status", "connected", |s| s["connected"] == true).await?;
		assert_eq!(get_json(addr, "/api/motions").await?, serde_json::json!([]));

		gov(&chain, &["proposal", "submit", &proposal_file("parameter.toml"), "--suri", "//Alice"])
			.await?;
		let motions = until(addr, "/api/motions", "the motion appears", |m| {
			m.as_array().is_some_and(|m| m.len() == 1)
		})
		.await?;
		let motion = &motions[0];
		assert_eq!(motion["index"], 0);
		assert_eq!(motion["threshold"], 2);
		assert_eq!(motion["call_name"], "Staking.set_min_stake");
		assert_eq!(motion["proposer"], dtao_gov::keys::address(&dtao_e2e::key("//Alice")?));
		let motion =
			until(addr, "/api/motions/0", "the close is simulated", simulated_min_stake).await?;
		assert_eq!(motion["simulation"]["simulation"]["failure"], Json::Null, "{motion}");

		gov(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Dave"]).await?;
		let motion = until(addr, "/api/motions/0", "the tally changes", |m| {
			m["ayes"].as_array().is_some_and(|a| a.len() == 1)
		})
		.await?;
		let dave = dtao_gov::keys::address(&dtao_e2e::key("//Dave")?);
		assert_eq!(
			motion["votes"][0]["coldkey"], dave,
			"a vote shows the coldkey that owns the seat"
		);
		gov(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Eve"]).await?;
		gov(&chain, &["proposal", "close", "0", "--suri", "//Alice"]).await?;
		until(addr, "/api/motions", "the motion leaves", |m| m == &serde_json::json!([])).await?;
		let closed = until(addr, "/api/closed", "the close is listed", |c| {
			c.as_array().is_some_and(|c| !c.is_empty())
		})
		.await?;
		assert_eq!(closed[0]["outcome"], "executed", "{closed}");
		assert_eq!(closed[0]["ayes"], 2);

		// An upgrade motion whose wasm the server knows is simulated through the upgrade.
		let dir = std::env::temp_dir().join(format!("dtao-serve-{}", std::process::id()));
		std::fs::create_dir_all(&dir)?;
		let wasm = dir.join("upgrade.wasm");
		std::fs::write(&wasm, dtao_e2e::flow::upgrade_wasm()?)?;
		gov(&chain, &["upgrade", "propose", "--wasm", wasm.to_str().unwrap(), "--suri", "//Alice"])
			.await?;
		let upgrade = until(addr, "/api/motions/1", "the upgrade is simulated", |m| {
			m["simulation"]["state"] == "done"
		})
		.await?;
		let report = &upgrade["simulation"]["simulation"]["upgrade"];
		assert_eq!(
			(report["from"].clone(), report["to"].clone()),
			("dtao 100".into(), "dtao 101".into()),
			"{upgrade}"
		);
		std::fs::remove_dir_all(&dir)?;

		// What does not exist answers 404, as a page or as JSON.
		let (status, body) = get(addr, "/motions/0").await?;
		assert_eq!(status, 404);
		ensure!(body.contains("No open Senate motion 0"), "{body}");
		let (status, body) = get(addr, "/api/motions/7").await?;
		assert_eq!(
			(status, serde_json::from_str::<Json>(&body)?["error"].clone()),
			(404, "no open Senate motion 7".into())
		);
		for path in
			["/nothing-here", "/subnets/999", "/subnets/not-a-number", "/motions/%3Cscript%3E"]
		{
			let (status, body) = get(addr, path).await?;
			assert_eq!(status, 404, "{path}");
			ensure!(
				body.contains("<h1>Not found</h1>") && !body.contains("<script>alert"),
				"{path}: {body}"
			);
		}
		assert_eq!(get(addr, "/api/nothing").await?.0, 404);
		let subnet = get_json(addr, "/api/subnets/1").await?;
		ensure!(subnet["metagraph"].as_array().is_some_and(|m| !m.is_empty()), "{subnet}");
		let (status, page) = get(addr, "/senate").await?;
		assert_eq!(status, 200);
		ensure!(page.contains("Triumvirate"), "{page}");
		Ok(())
	})
	.await
}

/// A TCP proxy to the chain that can be cut and restored on the same port: the chain going
/// away and coming back, as the server sees it.
struct Proxy {
	port: u16,
	to: u16,
	tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Proxy {
	async fn start(to: u16) -> Result<Self> {
		let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
		let mut proxy = Self { port, to, tasks: vec![] };
		proxy.restore().await?;
		Ok(proxy)
	}

	fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.port)
	}

	/// Closes the port and every connection through it.
	fn cut(&mut self) {
		for task in self.tasks.drain(..) {
			task.abort();
		}
	}

	/// Listens again, forwarding each connection to the chain.
	async fn restore(&mut self) -> Result<()> {
		let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
		let to = self.to;
		let (conns_tx, mut conns_rx) = tokio::sync::mpsc::unbounded_channel();
		self.tasks.push(tokio::spawn(async move {
			while let Ok((mut inbound, _)) = listener.accept().await {
				let conn = tokio::spawn(async move {
					if let Ok(mut outbound) =
						tokio::net::TcpStream::connect(("127.0.0.1", to)).await
					{
						let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
					}
				});
				let _ = conns_tx.send(conn);
			}
		}));
		// Connections end with the proxy: a task that owns them aborts them when aborted.
		self.tasks.push(tokio::spawn(async move {
			struct AbortAll(Vec<tokio::task::JoinHandle<()>>);
			impl Drop for AbortAll {
				fn drop(&mut self) {
					self.0.iter().for_each(|c| c.abort());
				}
			}
			let mut all = AbortAll(vec![]);
			while let Some(conn) = conns_rx.recv().await {
				all.0.push(conn);
			}
		}));
		Ok(())
	}
}

#[tokio::test]
async fn a_chain_that_goes_away_shows_a_banner_and_is_followed_again_when_back() -> Result<()> {
	bounded(async {
		let chain = LocalChain::start().await?;
		let chain_port = chain.url.rsplit(':').next().context("no port")?.parse()?;
		let mut proxy = Proxy::start(chain_port).await?;
		let server = Server::bind("127.0.0.1:0".parse()?, &proxy.url(), vec![]).await?;
		let addr = server.addr;
		tokio::spawn(server.run());
		until(addr, "/api/status", "connected", |s| s["connected"] == true).await?;
		let (_, page) = get(addr, "/").await?;
		ensure!(!page.contains("chain-down"), "{page}");

		proxy.cut();
		until(addr, "/api/status", "seen as gone", |s| s["connected"] == false).await?;
		let (status, page) = get(addr, "/").await?;
		assert_eq!(status, 200);
		ensure!(page.contains("id=\"chain-down\"") && page.contains("does not answer"), "{page}");

		proxy.restore().await?;
		until(addr, "/api/status", "followed again", |s| s["connected"] == true).await?;
		let (_, page) = get(addr, "/").await?;
		ensure!(!page.contains("chain-down"), "{page}");
		Ok(())
	})
	.await
}

/// chromedriver on a free port, killed when dropped.
struct Driver {
	child: Child,
	port: u16,
}

impl Drop for Driver {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

async fn chromedriver() -> Result<Driver> {
	let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
	let child = Command::new("chromedriver")
		.arg(format!("--port={port}"))
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()
		.context(
			"chromedriver is not installed: `bash scripts/test.sh` installs Debian's chromium \
			 and chromium-driver",
		)?;
	let driver = Driver { child, port };
	let start = Instant::now();
	while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
		ensure!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	Ok(driver)
}

fn artifact_dir() -> PathBuf {
	let target = std::env::var_os("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")));
	target.join("dtao-artifacts")
}

#[tokio::test]
async fn a_browser_sees_the_motion_its_simulated_change_and_the_tally_change_live() -> Result<()> {
	use fantoccini::{wd::Capabilities, ClientBuilder, Locator};
	bounded(async {
		let chain = LocalChain::start().await?;
		let addr = serve(&chain).await?;
		gov(&chain, &["proposal", "submit", &proposal_file("parameter.toml"), "--suri", "//Alice"])
			.await?;
		until(addr, "/api/motions/0", "the close is simulated", simulated_min_stake).await?;

		let driver = chromedriver().await?;
		let mut caps = Capabilities::new();
		caps.insert(
			"goog:chromeOptions".into(),
			serde_json::json!({
				"binary": "/usr/bin/chromium",
				"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,1400",
					"--disable-dev-shm-usage", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run"],
			}),
		);
		let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
			.capabilities(caps)
			.connect(&format!("http://127.0.0.1:{}", driver.port))
			.await?;
		let result = async {
			browser.goto(&format!("http://{addr}/")).await?;
			let card =
				browser.wait().at_most(FOLLOW).for_element(Locator::Css("#motion-0")).await?;
			let text = card.text().await?;
			ensure!(
				text.contains("Staking.set_min_stake") && text.contains("0 of 2 ayes"),
				"{text}"
			);
			let changes = browser.find(Locator::Css("#motion-0 .simulation table.changes")).await?;
			let changes = changes.text().await?;
			ensure!(
				changes.contains("Staking.MinStake") && changes.contains("1000000000"),
				"{changes}"
			);
			// A mark on the page's window: still there after the update, so no reload happened.
			browser.execute("window.dtaoMark = 'kept'; return null;", vec![]).await?;

			gov(&chain, &["proposal", "vote", "0", "--aye", "--suri", "//Dave"]).await?;
			// Both read on the page as it stands, which the server's events update.
			let shows = |css: &'static str, text: &'static str| {
				let browser = browser.clone();
				async move {
					let start = Instant::now();
					loop {
						let now = browser.find(Locator::Css(css)).await?.text().await?;
						if now.contains(text) {
							return Ok::<(), anyhow::Error>(());
						}
						ensure!(start.elapsed() < FOLLOW, "{css} never showed {text:?}: {now}");
						tokio::time::sleep(Duration::from_millis(200)).await;
					}
				}
			};
			shows("#motion-0 .tally", "1 of 2 ayes").await?;
			// The close is simulated again on the new block, with the one aye it still needs.
			shows("#motion-0 .simulation", "after the 1 aye(s) it still needs").await?;
			let mark = browser.execute("return window.dtaoMark || null;", vec![]).await?;
			assert_eq!(mark, "kept", "the page updated in place, without a reload");

			let png = browser.screenshot().await?;
			let dir = artifact_dir();
			std::fs::create_dir_all(&dir)?;
			std::fs::write(dir.join("motions.png"), &png)?;
			if std::env::var_os("UPDATE_SCREENSHOT").is_some() {
				let docs = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs"));
				std::fs::create_dir_all(&docs)?;
				std::fs::write(docs.join("motions.png"), &png)?;
			}
			eprintln!("screenshot: {}", dir.join("motions.png").display());
			Ok::<(), anyhow::Error>(())
		}
		.await;
		browser.close().await?;
		result
	})
	.await
}
