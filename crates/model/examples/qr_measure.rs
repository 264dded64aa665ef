//! Measures which QR version the hand-off can use: for each version at level M, the smallest code (in
//! pixels of a 640×480 camera frame) that still reads under mild rotation and blur, and the time to read
//! one frame natively. `./scripts/bench` prints this; schema/qr-payload.md records the choice.

use std::time::Instant;

use nimo_model::io::handoff::{EC_LEVEL, alphanumeric_capacity, modules, read_frame, simulate};

/// A phone shown to a laptop webcam: upright or tilted by 3°, sharp or smeared over 3 pixels, and
/// the screen's black and white as a camera records them (never 0 and 255).
const CONDITIONS: [(f64, usize); 4] = [(0.0, 0), (3.0, 0), (0.0, 1), (3.0, 1)];
const TONES: (u8, u8) = (45, 210);

fn main() {
    println!("version  modules  chars(M)  min px/module  min code px  read ms (640x480)");
    for version in [4i16, 5, 6, 7, 8, 9, 10, 12] {
        let capacity = alphanumeric_capacity(version, EC_LEVEL);
        let text: String = "NK1:1/1:0123ABCD:"
            .chars()
            .chain(
                "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
                    .chars()
                    .cycle(),
            )
            .take(capacity)
            .collect();
        let code = modules(&text).expect("the text fits");
        let mut smallest = None;
        let mut ppm = 2.0;
        while ppm <= 10.0 {
            let all_read = CONDITIONS.iter().all(|&(degrees, blur)| {
                let frame = simulate::frame(&code, 640, 480, ppm, degrees, blur, TONES);
                read_frame(640, 480, &frame)
                    .iter()
                    .any(|b| b == text.as_bytes())
            });
            if all_read {
                smallest = Some(ppm);
                break;
            }
            ppm += 0.25;
        }
        let frame = simulate::frame(&code, 640, 480, smallest.unwrap_or(6.0), 3.0, 1, TONES);
        let runs = 10;
        let start = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(read_frame(640, 480, &frame));
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
        match smallest {
            Some(ppm) => println!(
                "{version:>7}  {:>7}  {capacity:>8}  {ppm:>13.2}  {:>11.0}  {ms:>6.1}",
                code.width,
                ppm * code.side() as f64
            ),
            None => println!(
                "{version:>7}  {:>7}  {capacity:>8}  {:>13}  {:>11}  {ms:>6.1}",
                code.width, "> 10", "-"
            ),
        }
    }
}
