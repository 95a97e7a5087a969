package dev.latchkey.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.PNGTranscoder;

/** Reads a QR code drawn in SVG as a phone's camera reads the screen: rendered by Batik, decoded by ZXing. */
public final class QrCamera {

    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) \\d+\"");

    private QrCamera() {
    }

    public static String read(String svg) {
        try {
            // 8 pixels a module, as a screen shows it: a fractional scale would blur the modules' edges
            Matcher viewBox = VIEW_BOX.matcher(svg);
            float modules = viewBox.find() ? Float.parseFloat(viewBox.group(1)) : 50;
            PNGTranscoder renderer = new PNGTranscoder();
            renderer.addTranscodingHint(PNGTranscoder.KEY_WIDTH, modules * 8);
            renderer.addTranscodingHint(PNGTranscoder.KEY_HEIGHT, modules * 8);
            var png = new ByteArrayOutputStream();
            renderer.transcode(new TranscoderInput(new StringReader(svg)), new TranscoderOutput(png));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
            // the rendering is a pure image of the code (no perspective, no noise): read as such
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (Exception e) {
            throw new AssertionError("the QR code could not be read", e);
        }
    }
}
