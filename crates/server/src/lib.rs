//! The actix-web application and the `hoptac` command.
//!
//! [`startup::Application::build`] assembles the whole shop from a
//! [`settings::Settings`]; `main` and the tests both use it.

pub mod auth;
pub mod cart_cookie;
pub mod cli;
pub mod error;
pub mod middleware;
pub mod multipart;
pub mod openapi;
pub mod order_access;
pub mod pages;
pub mod read_cache;
pub mod routes;
pub mod services;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;
