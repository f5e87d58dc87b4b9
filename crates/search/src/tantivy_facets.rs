//! Facet counting for the embedded index.
//!
//! Reading four dictionary-encoded columns and three numeric ones for each
//! of 100,000 matching listings costs ~10 ms; a shop's landing and category
//! pages do exactly that. So each segment's facet values are decoded once,
//! when the reader first sees the segment (a Tantivy [`Warmer`]), into flat
//! arrays of ordinals and bit masks; counting is then a few array reads per
//! listing. Segments never change once written, so the arrays stay valid
//! until the segment is merged away, when the warmer drops them.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, PoisonError, RwLock};

use kernel::{CategoryId, CooperativeId};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, Searcher, SearcherGeneration, SegmentOrdinal, SegmentReader, Warmer};

use crate::model::{FacetCount, Facets, PriceBucket, ranked};

const NONE: u32 = u32::MAX;

/// A column of strings per listing, by ordinal into `terms`.
#[derive(Default)]
struct Strings {
    /// For listing `d`, its values are `ords[offsets[d]..offsets[d + 1]]`.
    offsets: Vec<u32>,
    ords: Vec<u32>,
    terms: Vec<String>,
}

impl Strings {
    fn read(column: Option<StrColumn>, max_doc: DocId) -> tantivy::Result<Self> {
        let Some(column) = column else {
            return Ok(Self {
                offsets: vec![0; max_doc as usize + 1],
                ..Self::default()
            });
        };
        let mut terms = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream()?;
        while stream.advance() {
            terms.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::with_capacity(max_doc as usize);
        offsets.push(0);
        for doc in 0..max_doc {
            ords.extend(
                column
                    .term_ords(doc)
                    .map(|o| u32::try_from(o).unwrap_or(NONE)),
            );
            offsets.push(u32::try_from(ords.len()).unwrap_or(NONE));
        }
        Ok(Self {
            offsets,
            ords,
            terms,
        })
    }

    #[inline]
    fn count(&self, doc: usize, counts: &mut [u32]) {
        let (Some(&from), Some(&to)) = (self.offsets.get(doc), self.offsets.get(doc + 1)) else {
            return;
        };
        for &ord in self
            .ords
            .get(from as usize..to as usize)
            .unwrap_or_default()
        {
            if let Some(c) = counts.get_mut(ord as usize) {
                *c += 1;
            }
        }
    }

    fn harvest(&self, counts: &[u32], into: &mut HashMap<String, u64>) {
        for (ord, count) in counts.iter().enumerate() {
            if *count > 0
                && let Some(term) = self.terms.get(ord)
            {
                *into.entry(term.clone()).or_default() += u64::from(*count);
            }
        }
    }
}

/// One segment's facet values, decoded.
struct SegmentFacets {
    category: Strings,
    cooperative: Strings,
    certification: Strings,
    province: Strings,
    /// Bit `b` set when the listing's price range overlaps bucket `b`.
    price_buckets: Vec<u8>,
    in_stock: Vec<bool>,
}

impl SegmentFacets {
    fn read(reader: &SegmentReader) -> tantivy::Result<Self> {
        let ff = reader.fast_fields();
        let max_doc = reader.max_doc();
        let price_min = ff.i64("price_min")?;
        let price_max = ff.i64("price_max")?;
        let stock = ff.bool("in_stock")?;
        let mut price_buckets = Vec::with_capacity(max_doc as usize);
        let mut in_stock = Vec::with_capacity(max_doc as usize);
        for doc in 0..max_doc {
            let low = price_min.first(doc).unwrap_or(0);
            let high = price_max.first(doc).unwrap_or(low);
            price_buckets.push(
                PriceBucket::overlapping(low, high).fold(0u8, |mask, b| mask | (1 << b as u8)),
            );
            in_stock.push(stock.first(doc).unwrap_or(false));
        }
        Ok(Self {
            category: Strings::read(ff.str("category")?, max_doc)?,
            cooperative: Strings::read(ff.str("cooperative")?, max_doc)?,
            certification: Strings::read(ff.str("certification")?, max_doc)?,
            province: Strings::read(ff.str("province")?, max_doc)?,
            price_buckets,
            in_stock,
        })
    }
}

/// Decoded facet values of every live segment, kept up to date by the
/// reader as a warmer.
#[derive(Default)]
pub(crate) struct FacetCache {
    segments: RwLock<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetCache {
    fn get(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        let id = reader.segment_id();
        if let Some(found) = self
            .segments
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
        {
            return Ok(found.clone());
        }
        let built = Arc::new(SegmentFacets::read(reader)?);
        self.segments
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, built.clone());
        Ok(built)
    }
}

impl Warmer for FacetCache {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for reader in searcher.segment_readers() {
            self.get(reader)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|g| g.segments().keys().copied())
            .collect();
        self.segments
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|id, _| live.contains(id));
    }
}

/// Counts the facet values of the listings a query matches.
pub(crate) struct FacetCollector(pub(crate) Arc<FacetCache>);

pub(crate) struct FacetSegment {
    data: Arc<SegmentFacets>,
    category: Vec<u32>,
    cooperative: Vec<u32>,
    certification: Vec<u32>,
    province: Vec<u32>,
    buckets: [u64; 4],
    stock: [u64; 2],
}

/// Facet counts by value, merged over segments.
#[derive(Default)]
pub(crate) struct FacetTally {
    category: HashMap<String, u64>,
    cooperative: HashMap<String, u64>,
    certification: HashMap<String, u64>,
    province: HashMap<String, u64>,
    buckets: [u64; 4],
    stock: [u64; 2],
}

impl Collector for FacetCollector {
    type Fruit = FacetTally;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let data = self.0.get(reader)?;
        Ok(FacetSegment {
            category: vec![0; data.category.terms.len()],
            cooperative: vec![0; data.cooperative.terms.len()],
            certification: vec![0; data.certification.terms.len()],
            province: vec![0; data.province.terms.len()],
            data,
            buckets: [0; 4],
            stock: [0; 2],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetTally>) -> tantivy::Result<FacetTally> {
        let mut total = FacetTally::default();
        for fruit in fruits {
            for (into, from) in [
                (&mut total.category, fruit.category),
                (&mut total.cooperative, fruit.cooperative),
                (&mut total.certification, fruit.certification),
                (&mut total.province, fruit.province),
            ] {
                for (value, count) in from {
                    *into.entry(value).or_default() += count;
                }
            }
            for (t, c) in total.buckets.iter_mut().zip(fruit.buckets) {
                *t += c;
            }
            for (t, c) in total.stock.iter_mut().zip(fruit.stock) {
                *t += c;
            }
        }
        Ok(total)
    }
}

impl FacetSegment {
    #[inline]
    fn count(&mut self, doc: DocId) {
        let d = doc as usize;
        let data = &*self.data;
        data.category.count(d, &mut self.category);
        data.cooperative.count(d, &mut self.cooperative);
        data.certification.count(d, &mut self.certification);
        data.province.count(d, &mut self.province);
        let mask = data.price_buckets.get(d).copied().unwrap_or(0);
        for (b, count) in self.buckets.iter_mut().enumerate() {
            *count += u64::from((mask >> b) & 1);
        }
        let in_stock = data.in_stock.get(d).copied().unwrap_or(false);
        self.stock[usize::from(in_stock)] += 1;
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetTally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.count(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.count(doc);
        }
    }

    fn harvest(self) -> FacetTally {
        let mut tally = FacetTally {
            buckets: self.buckets,
            stock: self.stock,
            ..FacetTally::default()
        };
        let data = &*self.data;
        data.category.harvest(&self.category, &mut tally.category);
        data.cooperative
            .harvest(&self.cooperative, &mut tally.cooperative);
        data.certification
            .harvest(&self.certification, &mut tally.certification);
        data.province.harvest(&self.province, &mut tally.province);
        tally
    }
}

fn parsed<T: Ord + std::str::FromStr>(counts: HashMap<String, u64>) -> Vec<FacetCount<T>> {
    ranked(
        counts
            .into_iter()
            .filter_map(|(value, count)| {
                Some(FacetCount {
                    value: value.parse().ok()?,
                    count,
                })
            })
            .collect(),
    )
}

impl FacetTally {
    pub(crate) fn into_facets(self) -> Facets {
        Facets {
            category: parsed::<CategoryId>(self.category),
            cooperative: parsed::<CooperativeId>(self.cooperative),
            certification: parsed::<String>(self.certification),
            province: parsed::<String>(self.province),
            price_range: PriceBucket::ALL
                .into_iter()
                .zip(self.buckets)
                .filter(|(_, count)| *count > 0)
                .map(|(value, count)| FacetCount { value, count })
                .collect(),
            in_stock: ranked(vec![
                FacetCount {
                    value: true,
                    count: self.stock[1],
                },
                FacetCount {
                    value: false,
                    count: self.stock[0],
                },
            ]),
        }
    }
}
