"""A handler for aiosmtpd that keeps every message it receives as a file
of a directory (tests/e2e/api/notices.test.js):

    PYTHONPATH=tests/e2e/lib python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
        -c smtp_sink.Sink DIR

Each message is DIR/<n>.json: {"mail_from", "rcpt_tos", "data" (the
message as sent), and as Python's own e-mail parser reads it: "subject"
(RFC 2047 decoded), "message_id", "content_type", "body" (the text,
transfer-decoded)}, written under a temporary name and renamed, so a
reader never sees half a file.
"""
import email
import email.policy
import json
import os


class Sink:
    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error('smtp_sink.Sink takes the directory')
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(self.directory)
                 if f.endswith('.json')]) + 1
        path = os.path.join(self.directory, '%06d.json' % n)
        data = envelope.original_content or envelope.content
        if isinstance(data, bytes):
            data = data.decode('utf-8', 'replace')
        msg = email.message_from_string(data, policy=email.policy.default)
        with open(path + '.tmp', 'w', encoding='utf-8') as f:
            json.dump({'mail_from': envelope.mail_from,
                       'rcpt_tos': envelope.rcpt_tos, 'data': data,
                       'subject': str(msg['subject']),
                       'message_id': str(msg['message-id']),
                       'content_type': msg.get_content_type(),
                       'charset': msg.get_content_charset(),
                       'body': msg.get_content()}, f, ensure_ascii=False)
        os.rename(path + '.tmp', path)
        return '250 OK'
