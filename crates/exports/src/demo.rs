//! The export desk in the demo: an importer from Osaka with a company
//! account asks Bao La for 2,000 lidded baskets FOB Đà Nẵng with a sample,
//! and Bao La has sent a quote.
