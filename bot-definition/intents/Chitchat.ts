import {
  answeredByDefinition,
  END_CONVERSATION,
  startIntent,
  utterances,
  WAIT_FOR_REQUEST,
} from '../builders';
import { defineIntent } from '../intent';
import { aboutBotUtterances } from '../utterances/AboutBot';
import { goodbyeUtterances } from '../utterances/Goodbye';
import { greetingUtterances } from '../utterances/Greeting';
import { thankYouUtterances } from '../utterances/ThankYou';
import { HELP_INTENT } from './HelpIntent';

/**
 * Small talk: greetings, thanks, goodbyes and "who are you". Answered by the definition itself,
 * in the closing response, which goes on to its next step: the bot's chains through the closing
 * response (AboutBot goes on to HelpIntent). With a request open, the Lambda answers instead
 * (its initial code hook), in a line, and asks the open question again.
 */
export const greeting = defineIntent('Greeting', {
  kind: 'chitchat',
  chitchat: { whileOpen: 'Hello!' },
  definition: {
    name: 'Greeting',
    description: 'The user says hello.',
    sampleUtterances: utterances(...greetingUtterances),
    ...answeredByDefinition(
      'Hello! I look after the VM fleet: I can migrate VMs, show the hosts, find a VM, create one or evacuate a host. What can I do for you?',
      WAIT_FOR_REQUEST,
    ),
  },
});

export const thankYou = defineIntent('ThankYou', {
  kind: 'chitchat',
  chitchat: {},
  definition: {
    name: 'ThankYou',
    description: 'The user says thanks.',
    sampleUtterances: utterances(...thankYouUtterances),
    ...answeredByDefinition("You're welcome.", WAIT_FOR_REQUEST),
  },
});

export const goodbye = defineIntent('Goodbye', {
  kind: 'chitchat',
  chitchat: { endsRequests: true },
  definition: {
    name: 'Goodbye',
    description: 'The user ends the chat.',
    sampleUtterances: utterances(...goodbyeUtterances),
    ...answeredByDefinition(
      'Goodbye! Migrations that have started carry on without me.',
      END_CONVERSATION,
    ),
  },
});

export const aboutBot = defineIntent('AboutBot', {
  kind: 'chitchat',
  chitchat: {},
  definition: {
    name: 'AboutBot',
    description: 'The user asks who or what the bot is.',
    sampleUtterances: utterances(...aboutBotUtterances),
    // A chain through the closing response: who the bot is, then what it can do.
    ...answeredByDefinition(
      "I'm vmbot, a chatbot that live-migrates virtual machines between hypervisor hosts (pre-copy, the way QEMU/KVM and Xen do it) and keeps track of the fleet.",
      startIntent(HELP_INTENT, {}),
    ),
  },
});
