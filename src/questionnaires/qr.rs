//! The QR code of a sheet's link, drawn as SVG on the server (the printout needs no
//! script and no image file).

/// The link as an SVG QR code; empty if the link is too long for one (it never is).
pub fn svg(link: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::new(link.as_bytes()) {
        Ok(code) => {
            code.render::<svg::Color<'_>>().min_dimensions(120, 120).quiet_zone(true).build()
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_becomes_an_svg_picture() {
        let svg = super::svg("https://yorisoi.example/q/12345-0123456789");
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("<path"), "{svg}");
    }
}
