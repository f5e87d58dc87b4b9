//! Reading printed labels back: the QR code of each label of a sheet,
//! rendered as a printer would see it.

/// The QR code of each label of the first page of `pdf` (rendered by
/// pdftoppm at 150 dpi), label by label: `columns` × `rows` labels of
/// `width` × `height` mm centred on A4. A label without a readable code
/// gives none.
pub fn qr_codes(pdf: &[u8], columns: u32, rows: u32, width: f32, height: f32) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("labels.pdf");
    std::fs::write(&file, pdf).expect("the sheet is written");
    let out = dir.path().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile"])
        .arg(&file)
        .arg(&out)
        .status()
        .expect("pdftoppm runs (Debian's poppler-utils; scripts/install-test-deps installs it)");
    assert!(status.success());
    let page = image::open(dir.path().join("page.png"))
        .expect("pdftoppm drew the page")
        .to_luma8();
    let px = |mm: f32| (mm / 25.4 * 150.0).round() as u32;
    let left = px((210.0 - columns as f32 * width) / 2.0);
    let top = px((297.0 - rows as f32 * height) / 2.0);
    let mut codes = Vec::new();
    for row in 0..rows {
        for column in 0..columns {
            let cell = image::imageops::crop_imm(
                &page,
                left + px(column as f32 * width),
                top + px(row as f32 * height),
                px(width),
                px(height),
            )
            .to_image();
            let (w, h) = cell.dimensions();
            let mut prepared =
                rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
                    cell.get_pixel(x as u32, y as u32).0[0]
                });
            for grid in prepared.detect_grids() {
                if let Ok((_, text)) = grid.decode() {
                    codes.push(text);
                }
            }
        }
    }
    codes
}
