package dev.cantila.scripts.twiml;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TwiML document: {@code <Response>} and its verbs, each with its attributes, its text and its nested nouns.
 *
 * <p>The parser is hardened against hostile answers: a DOCTYPE is refused outright (so no external entity, no
 * entity expansion bomb, no DTD fetch), XInclude is off, and secure processing caps what is left. A document that
 * is not well-formed, or whose root is not {@code Response}, is a {@link TwimlException}.
 */
public final class Twiml {
    /** One element: a verb or a noun. {@code text} is its own text, trimmed (empty when it has none). */
    public record Verb(String name, Map<String, String> attributes, String text, List<Verb> children) {
        public String attr(String name, String dflt) {
            String v = attributes.get(name);
            return v == null ? dflt : v;
        }
    }

    private Twiml() {
    }

    /** The verbs of {@code xml}'s {@code <Response>}, in document order. */
    public static List<Verb> parse(String xml) {
        Document doc;
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(null);
            doc = builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new TwimlException("the answer is not well-formed XML: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw new TwimlException("the answer could not be read as XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("Response")) {
            throw new TwimlException("the TwiML root element must be <Response>, not <" + root.getTagName() + ">");
        }
        return element(root).children();
    }

    private static Verb element(Element e) {
        Map<String, String> attrs = new LinkedHashMap<>();
        NamedNodeMap nodes = e.getAttributes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node a = nodes.item(i);
            attrs.put(a.getNodeName(), a.getNodeValue());
        }
        List<Verb> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                children.add(element(child));
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            }
        }
        return new Verb(e.getTagName(), Map.copyOf(attrs), text.toString().strip(), List.copyOf(children));
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }
}
