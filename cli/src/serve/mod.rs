//! `dtao-gov serve`: a read-only governance page in the browser, and the JSON API it is built
//! from. A watcher follows the chain's new heads and rebuilds one [`data::View`] per block;
//! every page and API answer is read from the latest view, never from the chain in the
//! request, so a slow chain never slows a page; each open motion's close is simulated in the
//! background on the chain's own code. Pages update themselves on each new block through
//! server-sent events (`/events`).

pub mod data;
mod pages;

use anyhow::{Context, Result};
use axum::{
	extract::{Path, Query, State},
	http::StatusCode,
	response::{
		sse::{Event, KeepAlive, Sse},
		IntoResponse, Response,
	},
	routing::get,
	Json, Router,
};
use clap::Args;
use data::{Shared, View};
use futures::Stream;
use maud::Markup;
use serde::Deserialize;
use serde_json::json;
use std::{convert::Infallible, net::SocketAddr, sync::Arc};
use tokio_stream::{wrappers::BroadcastStream, StreamExt as _};

/// `serve` options.
#[derive(Args, Debug)]
pub struct ServeArgs {
	/// The address to listen on.
	#[arg(long, default_value = "127.0.0.1:8080")]
	pub listen: SocketAddr,
	/// A runtime wasm an upgrade motion may authorize (repeatable): a motion whose code hash
	/// is one of these is simulated through the upgrade (versions, migrations, storage).
	#[arg(long, value_name = "FILE")]
	pub wasm: Vec<std::path::PathBuf>,
}

/// A server bound to its address, not yet serving.
pub struct Server {
	/// Where it listens.
	pub addr: SocketAddr,
	listener: tokio::net::TcpListener,
	shared: Arc<Shared>,
	url: String,
}

impl Server {
	/// Binds `listen` for the chain at `url`; `wasm` are the runtimes upgrade motions may
	/// authorize.
	pub async fn bind(listen: SocketAddr, url: &str, wasm: Vec<Vec<u8>>) -> Result<Self> {
		let listener = tokio::net::TcpListener::bind(listen)
			.await
			.with_context(|| format!("cannot listen on {listen}"))?;
		let addr = listener.local_addr()?;
		Ok(Self { addr, listener, shared: Shared::new(url, wasm), url: url.to_string() })
	}

	/// Serves until the process ends.
	pub async fn run(self) -> Result<()> {
		tokio::spawn(data::watch(self.shared.clone(), self.url.clone()));
		axum::serve(self.listener, router(self.shared)).await.context("serving")
	}
}

/// The routes.
fn router(shared: Arc<Shared>) -> Router {
	Router::new()
		.route("/", get(motions_page))
		.route("/motions/{id}", get(motion_page))
		.route("/senate", get(senate_page))
		.route("/referenda", get(referenda_page))
		.route("/subnets", get(subnets_page))
		.route("/subnets/{netuid}", get(subnet_page))
		.route("/events", get(events))
		.route("/api/status", get(api_status))
		.route("/api/motions", get(api_motions))
		.route("/api/motions/{id}", get(api_motion))
		.route("/api/closed", get(api_closed))
		.route("/api/senate", get(api_senate))
		.route("/api/referenda", get(api_referenda))
		.route("/api/subnets", get(api_subnets))
		.route("/api/subnets/{netuid}", get(api_subnet))
		.route("/api/{*rest}", get(api_not_found))
		.fallback(page_not_found)
		.with_state(shared)
}

/// `?fragment=1`: only the page's main part, for the live updates.
#[derive(Deserialize)]
struct PageQuery {
	fragment: Option<String>,
}

impl PageQuery {
	fn fragment(&self) -> bool {
		self.fragment.is_some()
	}
}

fn html_page(view: &View, path: &str, title: &str, main: Markup, q: &PageQuery) -> Response {
	pages::page(view, path, title, main, q.fragment()).into_response()
}

fn not_found_page(view: &View, what: &str, q: &PageQuery) -> Response {
	(
		StatusCode::NOT_FOUND,
		pages::page(view, "", "Not found", pages::not_found(what), q.fragment()),
	)
		.into_response()
}

async fn motions_page(State(s): State<Arc<Shared>>, Query(q): Query<PageQuery>) -> Response {
	let view = s.view();
	html_page(&view, "/", "Motions", pages::motions(&view), &q)
}

/// The open motion with index `id` (`3`) or proposal hash `id` (`0x…`).
fn find<'v>(view: &'v View, id: &str) -> Option<&'v data::MotionView> {
	view.motions.iter().find(|m| {
		m.motion.hash.eq_ignore_ascii_case(id) || id.parse::<u32>().ok() == Some(m.motion.index)
	})
}

async fn motion_page(
	State(s): State<Arc<Shared>>,
	Path(id): Path<String>,
	Query(q): Query<PageQuery>,
) -> Response {
	let view = s.view();
	match find(&view, &id) {
		Some(m) => html_page(
			&view,
			"/",
			&format!("Motion {}", m.motion.index),
			pages::motion(&view, m),
			&q,
		),
		None => not_found_page(&view, &format!("No open Senate motion {id}."), &q),
	}
}

async fn senate_page(State(s): State<Arc<Shared>>, Query(q): Query<PageQuery>) -> Response {
	let view = s.view();
	html_page(&view, "/senate", "Senate", pages::senate(&view), &q)
}

async fn referenda_page(State(s): State<Arc<Shared>>, Query(q): Query<PageQuery>) -> Response {
	let view = s.view();
	html_page(&view, "/referenda", "Referenda", pages::referenda(&view), &q)
}

async fn subnets_page(State(s): State<Arc<Shared>>, Query(q): Query<PageQuery>) -> Response {
	let view = s.view();
	html_page(&view, "/subnets", "Subnets", pages::subnets(&view), &q)
}

async fn subnet_page(
	State(s): State<Arc<Shared>>,
	Path(netuid): Path<String>,
	Query(q): Query<PageQuery>,
) -> Response {
	let view = s.view();
	match subnet_detail(&s, &netuid).await {
		Ok(Some(detail)) => {
			html_page(&view, "/subnets", &format!("Subnet {netuid}"), pages::subnet(&detail), &q)
		}
		Ok(None) => not_found_page(&view, &format!("No subnet {netuid}."), &q),
		Err(e) => (
			StatusCode::BAD_GATEWAY,
			pages::page(
				&view,
				"/subnets",
				"Subnet",
				pages::not_found(&format!("{e:#}")),
				q.fragment(),
			),
		)
			.into_response(),
	}
}

/// A subnet and its metagraph, read from the chain: `None` if there is no such subnet.
async fn subnet_detail(s: &Shared, netuid: &str) -> Result<Option<serde_json::Value>> {
	let Ok(netuid) = netuid.parse::<u16>() else { return Ok(None) };
	let meta = s.meta().context("the chain does not answer")?;
	data::subnet_detail(&meta, netuid).await
}

async fn page_not_found(State(s): State<Arc<Shared>>, uri: axum::http::Uri) -> Response {
	let view = s.view();
	let q = PageQuery { fragment: None };
	not_found_page(&view, &format!("There is no page at {}.", uri.path()), &q)
}

/// One `block` event per new view (its block number); comments keep idle connections open.
async fn events(
	State(s): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
	let stream = BroadcastStream::new(s.updates.subscribe())
		.filter_map(|update| update.ok())
		.map(|block| Ok(Event::default().event("block").data(block.to_string())));
	Sse::new(stream).keep_alive(KeepAlive::default())
}

fn api_error(status: StatusCode, error: String) -> Response {
	(status, Json(json!({ "error": error }))).into_response()
}

async fn api_status(State(s): State<Arc<Shared>>) -> Response {
	let v = s.view();
	Json(json!({
		"url": v.url, "connected": v.connected, "error": v.error, "block": v.block,
		"runtime": v.runtime, "authorized_upgrade": v.authorized_upgrade,
	}))
	.into_response()
}

async fn api_motions(State(s): State<Arc<Shared>>) -> Response {
	Json(&s.view().motions).into_response()
}

async fn api_motion(State(s): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
	let view = s.view();
	match find(&view, &id) {
		Some(m) => Json(m).into_response(),
		None => api_error(StatusCode::NOT_FOUND, format!("no open Senate motion {id}")),
	}
}

async fn api_closed(State(s): State<Arc<Shared>>) -> Response {
	Json(&s.view().closed).into_response()
}

async fn api_senate(State(s): State<Arc<Shared>>) -> Response {
	Json(&s.view().senate).into_response()
}

async fn api_referenda(State(s): State<Arc<Shared>>) -> Response {
	let v = s.view();
	Json(json!({
		"runtime": v.runtime, "authorized_upgrade": v.authorized_upgrade, "democracy": v.democracy,
	}))
	.into_response()
}

async fn api_subnets(State(s): State<Arc<Shared>>) -> Response {
	Json(&s.view().subnets).into_response()
}

async fn api_subnet(State(s): State<Arc<Shared>>, Path(netuid): Path<String>) -> Response {
	match subnet_detail(&s, &netuid).await {
		Ok(Some(detail)) => Json(detail).into_response(),
		Ok(None) => api_error(StatusCode::NOT_FOUND, format!("no subnet {netuid}")),
		Err(e) => api_error(StatusCode::BAD_GATEWAY, format!("{e:#}")),
	}
}

async fn api_not_found(Path(rest): Path<String>) -> Response {
	api_error(StatusCode::NOT_FOUND, format!("no API at /api/{rest}"))
}

/// Runs `dtao-gov serve`.
pub async fn run(args: ServeArgs, url: &str) -> Result<()> {
	let mut wasm = Vec::new();
	for path in &args.wasm {
		let code = crate::files::read(path, crate::files::MAX_WASM)
			.with_context(|| format!("--wasm {}", path.display()))?;
		wasm.push(code);
	}
	let server = Server::bind(args.listen, url, wasm).await?;
	eprintln!("Serving the governance page of {url} at http://{}/", server.addr);
	server.run().await
}
